package io.baton.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code baton decisions [--pool P] [--limit N] [--follow]}: the decision journal, oldest first, each
 * entry with its action, outcome, who or which rule asked, and the guardrails' reasons. With
 * {@code --follow} it keeps polling and prints each new entry as it comes, and an entry again when the
 * journal folds a repeat into it (its count grows), until interrupted.
 */
final class DecisionsCommand implements Command {
    static final int DEFAULT_LIMIT = 20;
    /** How far back each poll of {@code --follow} looks; more new entries than this between polls are reported as a gap. */
    static final int FOLLOW_WINDOW = 200;
    private final long pollMillis;

    DecisionsCommand(long pollMillis) {
        this.pollMillis = pollMillis;
    }

    @Override public String synopsis() { return "decisions [--pool P] [--limit N] [--follow]"; }
    @Override public Set<String> valueOptions() { return Set.of("pool", "limit"); }
    @Override public Set<String> flagOptions() { return Set.of("follow"); }

    @Override
    public Exit run(Args args, Api api, PrintStream out, PrintStream err) {
        args.expect(0, synopsis());
        int limit = args.number("limit", DEFAULT_LIMIT, 1, 10_000);
        String pool = args.value("pool", null);
        boolean json = args.flag("json");
        boolean follow = args.flag("follow");
        int window = follow ? Math.max(limit, FOLLOW_WINDOW) : limit;
        Api.Answer first = api.get(path(pool, window));
        if (json && !follow) {
            out.println(first.body());
            return Exit.OK;
        }
        List<Map<String, Object>> polled = oldestFirst(first.body());
        List<Map<String, Object>> entries = polled.subList(Math.max(0, polled.size() - limit), polled.size());
        int[] widths = print(entries, json, null, out);
        if (!follow) {
            if (entries.isEmpty() && !json) out.println("no decisions" + (pool == null ? "" : " for pool " + pool));
            return Exit.OK;
        }
        Map<String, Long> seen = seen(polled);
        boolean down = false;
        while (true) {
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                return Exit.OK; // following ends when the user stops it
            }
            List<Map<String, Object>> fresh = new ArrayList<>();
            try {
                polled = oldestFirst(api.get(path(pool, window)).body());
                if (down) err.println("baton: the server answers again");
                down = false;
                int known = 0;
                for (Map<String, Object> e : polled) {
                    Long before = seen.get(id(e));
                    if (before != null) known++;
                    if (before == null || Json.number(e, "repeats", 1) > before) fresh.add(e);
                }
                if (known == 0 && !seen.isEmpty() && polled.size() >= window) {
                    err.println("baton: more than " + window + " decisions since the last poll; older ones are not shown");
                }
                seen = seen(polled);
            } catch (CliException e) {
                if (e.exit != Exit.UNREACHABLE) throw e;
                if (!down) err.println("baton: " + e.getMessage() + "; still following");
                down = true;
            }
            if (!fresh.isEmpty()) widths = print(fresh, json, widths, out);
        }
    }

    /**
     * Each entry of a poll by its decision id, with its count of folded repeats. The window holds the
     * newest entries, so an id missing from the previous poll is a new entry (also after a restart or
     * a failover, when the journal's sequence numbers start again).
     */
    private static Map<String, Long> seen(List<Map<String, Object>> polled) {
        Map<String, Long> seen = new HashMap<>();
        for (Map<String, Object> e : polled) seen.put(id(e), Json.number(e, "repeats", 1));
        return seen;
    }

    private static String id(Map<String, Object> e) {
        return Json.text(e, "decisionId") + "/" + Json.text(e, "seq");
    }

    private static String path(String pool, int limit) {
        return "/api/decisions?limit=" + limit + (pool == null ? "" : "&pool=" + Api.encode(pool));
    }

    /** The API lists the newest first; people read a log oldest first. */
    private static List<Map<String, Object>> oldestFirst(String body) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : Json.array(Json.parse(body))) out.add(0, Json.object(o));
        return out;
    }

    /** Prints the entries (with a header the first time, {@code widths == null}) and returns the column widths used. */
    private static int[] print(List<Map<String, Object>> entries, boolean json, int[] widths, PrintStream out) {
        if (json) {
            for (Map<String, Object> e : entries) out.println(Json.write(e));
            return widths;
        }
        Table t = new Table("TIME", "POOL", "ACTION", "OUTCOME", "BY", "REASONS");
        for (Map<String, Object> e : entries) t.row(cells(e));
        int[] w = t.widths();
        if (widths != null) for (int k = 0; k < w.length; k++) w[k] = Math.max(w[k], widths[k]);
        String[] header = {"TIME", "POOL", "ACTION", "OUTCOME", "BY", "REASONS"};
        if (widths == null && !entries.isEmpty()) out.println(Table.line(header, w));
        if (widths == null && entries.isEmpty()) return null;
        for (Map<String, Object> e : entries) out.println(Table.line(cells(e), w));
        return w;
    }

    /** One entry as table cells: when, pool, what (e.g. {@code scale_out +6→4}), outcome, who or which rule, why. */
    static String[] cells(Map<String, Object> e) {
        long requested = Json.number(e, "requested", 0);
        long approved = Json.number(e, "approved", 0);
        String action = Json.text(e, "action");
        String node = Json.text(e, "node");
        String what = !node.isEmpty() ? action + " " + node
                : action + " " + (action.equals("scale_in") ? "-" : action.equals("set_capacity") ? "=" : "+") + requested
                        + (approved != requested && approved > 0 ? "→" + approved : "");
        String requester = Json.text(e, "requester");
        String rule = Json.text(e, "rule");
        String by = requester.isEmpty() || requester.equals("rules") ? "rule \"" + rule + "\"" : requester + " (" + rule + ")";
        List<String> reasons = new ArrayList<>();
        if (e.get("reasons") instanceof List<?> rs) for (Object r : rs) reasons.add(String.valueOf(r));
        long repeats = Json.number(e, "repeats", 1);
        String why = String.join("; ", reasons) + (repeats > 1 ? " (×" + repeats + ")" : "");
        return new String[] {time(Json.number(e, "time", 0)), Json.text(e, "pool"), what, Json.text(e, "outcome"), by,
                why.isEmpty() ? "-" : why};
    }

    private static String time(long epochMillis) {
        return epochMillis <= 0 ? "-" : Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
