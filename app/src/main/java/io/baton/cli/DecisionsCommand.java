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
    public Exit run(Args args, Api api, PrintStream out, PrintStream err) throws InterruptedException {
        args.expect(0, synopsis());
        int limit = args.number("limit", DEFAULT_LIMIT, 1, 10_000);
        String pool = args.value("pool", null);
        boolean json = args.flag("json");
        Api.Answer first = api.get(path(pool, limit));
        List<Map<String, Object>> entries = oldestFirst(first.body());
        if (json && !args.flag("follow")) {
            out.println(first.body());
            return Exit.OK;
        }
        int[] widths = print(entries, json, null, out);
        if (!args.flag("follow")) {
            if (entries.isEmpty() && !json) out.println("no decisions" + (pool == null ? "" : " for pool " + pool));
            return Exit.OK;
        }
        Map<Long, Long> seen = new HashMap<>(); // seq -> repeats as last printed
        long last = -1;
        for (Map<String, Object> e : entries) {
            seen.put(seq(e), Json.number(e, "repeats", 1));
            last = Math.max(last, seq(e));
        }
        boolean down = false;
        while (true) {
            Thread.sleep(pollMillis);
            List<Map<String, Object>> fresh = new ArrayList<>();
            try {
                List<Map<String, Object>> polled = oldestFirst(api.get(path(pool, Math.max(limit, FOLLOW_WINDOW))).body());
                if (down) err.println("baton: the server answers again");
                down = false;
                int newer = 0;
                for (Map<String, Object> e : polled) {
                    Long before = seen.get(seq(e));
                    if (seq(e) > last) newer++;
                    if (before == null ? seq(e) > last : Json.number(e, "repeats", 1) > before) fresh.add(e);
                }
                if (last >= 0 && newer == polled.size() && polled.size() >= FOLLOW_WINDOW) {
                    err.println("baton: more than " + FOLLOW_WINDOW + " decisions since the last poll; older ones are not shown");
                }
                seen.clear();
                for (Map<String, Object> e : polled) {
                    seen.put(seq(e), Json.number(e, "repeats", 1));
                    last = Math.max(last, seq(e));
                }
            } catch (CliException e) {
                if (e.exit != Exit.UNREACHABLE) throw e;
                if (!down) err.println("baton: " + e.getMessage() + "; still following");
                down = true;
            }
            if (!fresh.isEmpty()) widths = print(fresh, json, widths, out);
        }
    }

    private static long seq(Map<String, Object> e) {
        return Json.number(e, "seq", -1);
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
