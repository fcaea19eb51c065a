package io.baton.cli;

import java.io.PrintStream;
import java.util.Map;

/** {@code baton pools}: every pool the token may see, with its customer, nodes/min/max, CPU and healing state. */
final class PoolsCommand implements Command {

    @Override public String synopsis() { return "pools"; }

    @Override
    public Exit run(Args args, Api api, PrintStream out, PrintStream err) {
        args.expect(0, synopsis());
        Api.Answer a = api.get("/api/pools");
        if (args.flag("json")) {
            out.println(a.body());
            return Exit.OK;
        }
        Table t = new Table("POOL", "CUSTOMER", "NODES/MIN/MAX", "CPU", "HEALING");
        for (Object o : Json.array(Json.parse(a.body()))) {
            Map<String, Object> p = Json.object(o);
            t.row(Json.text(p, "name"), Json.text(p, "customer"),
                    Json.number(p, "nodes", 0) + "/" + Json.number(p, "min", 0) + "/" + Json.number(p, "max", 0),
                    cpu(Json.decimal(p, "cpu", -1)), healing(p.get("healingPaused")));
        }
        t.print(out);
        return Exit.OK;
    }

    /** The pool's CPU in percent; "-" when no reading is known (none yet, or asked of a follower). */
    static String cpu(double cpu) {
        return cpu < 0 || Double.isNaN(cpu) ? "-" : String.format("%.1f%%", cpu);
    }

    /** "active", "paused" (too many nodes looked unhealthy at once), or "-" when the server does not say. */
    static String healing(Object paused) {
        if (paused instanceof Boolean b) return b ? "paused" : "active";
        return "-";
    }
}
