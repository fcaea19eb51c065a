package io.baton.cli;

import java.io.PrintStream;
import java.util.Map;

/** {@code baton nodes POOL}: the pool's nodes with their state, address, OS pid (local nodes) and age. */
final class NodesCommand implements Command {

    @Override public String synopsis() { return "nodes POOL"; }

    @Override
    public Exit run(Args args, Api api, PrintStream out, PrintStream err) {
        args.expect(1, synopsis());
        String pool = args.positional().get(0);
        Api.Answer a = api.get("/api/pools/" + Api.encode(pool));
        if (args.flag("json")) {
            out.println(a.body());
            return Exit.OK;
        }
        Map<String, Object> p = Json.object(Json.parse(a.body()));
        var members = Json.array(p.get("members"));
        out.printf("pool %s (customer %s): %d nodes, min %d, max %d, cpu %s, healing %s%n", Json.text(p, "name"),
                Json.text(p, "customer"), Json.number(p, "nodes", 0), Json.number(p, "min", 0), Json.number(p, "max", 0),
                PoolsCommand.cpu(Json.decimal(p, "cpu", -1)), PoolsCommand.healing(p.get("healingPaused")));
        if (members.isEmpty()) {
            out.println("no nodes");
            return Exit.OK;
        }
        long now = System.currentTimeMillis();
        Table t = new Table("NODE", "STATE", "ADDRESS", "PID", "AGE");
        for (Object o : members) {
            Map<String, Object> n = Json.object(o);
            String address = Json.text(n, "address");
            t.row(Json.text(n, "id"), Json.text(n, "state"), address.isEmpty() ? "-" : address,
                    n.get("pid") == null ? "-" : Json.text(n, "pid"), Table.age(Json.number(n, "since", 0), now));
        }
        t.print(out);
        return Exit.OK;
    }
}
