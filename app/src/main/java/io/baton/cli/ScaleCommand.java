package io.baton.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code baton scale POOL +N|-N|=N [--wait] [--timeout S]}: a planned request through the API, so roles,
 * quota and guardrails apply. It prints the decision with its outcome and reasons; with {@code --wait}
 * it then follows the pool until the new nodes are RUNNING (or the removed ones are gone).
 */
final class ScaleCommand implements Command {
    private static final Pattern AMOUNT = Pattern.compile("([+\\-=])(\\d{1,9})");
    static final int DEFAULT_TIMEOUT_SECONDS = 300;
    private final long pollMillis;

    ScaleCommand(long pollMillis) {
        this.pollMillis = pollMillis;
    }

    /** What was asked: a change ({@code +6}, {@code -2}) or a capacity ({@code =10}). */
    record Amount(char sign, int n) {
        static Amount parse(String s) {
            Matcher m = AMOUNT.matcher(s.trim());
            if (!m.matches()) {
                throw CliException.usage("the amount must be +N to add nodes, -N to remove nodes or =N to set the capacity, not '" + s + "'");
            }
            return new Amount(m.group(1).charAt(0), Integer.parseInt(m.group(2)));
        }

        String body() {
            return switch (sign) {
                case '+' -> "{\"delta\":" + n + "}";
                case '-' -> "{\"delta\":" + (-n) + "}";
                default -> "{\"capacity\":" + n + "}";
            };
        }

        String label() {
            return switch (sign) {
                case '+' -> "SCALE-OUT";
                case '-' -> "SCALE-IN";
                default -> "SET-CAPACITY";
            };
        }
    }

    @Override public String synopsis() { return "scale POOL +N|-N|=N [--wait] [--timeout SECONDS]"; }
    @Override public Set<String> valueOptions() { return Set.of("timeout"); }
    @Override public Set<String> flagOptions() { return Set.of("wait"); }

    @Override
    public Exit run(Args args, Api api, PrintStream out, PrintStream err) throws InterruptedException {
        args.expect(2, synopsis());
        String pool = args.positional().get(0);
        Amount amount = Amount.parse(args.positional().get(1));
        boolean wait = args.flag("wait");
        int timeout = args.number("timeout", DEFAULT_TIMEOUT_SECONDS, 1, 86_400);
        if (args.values().containsKey("timeout") && !wait) throw CliException.usage("--timeout goes with --wait");
        String poolPath = "/api/pools/" + Api.encode(pool);
        PoolState before = wait ? PoolState.of(api.get(poolPath).body()) : null;
        Api.Answer a = api.post(poolPath + "/scale", amount.body());
        Map<String, Object> answer = Json.object(Json.parse(a.body()));
        boolean json = args.flag("json");
        PrintStream talk = json ? err : out;
        if (json) out.println(a.body());
        else print(pool, amount, answer, out);
        String outcome = Json.text(answer, "outcome");
        Exit exit = switch (outcome) {
            case "EXECUTED", "CLAMPED", "DRY_RUN" -> Exit.OK;
            case "SUPPRESSED", "DEFERRED" -> Exit.REFUSED;
            default -> Exit.FAILED;
        };
        if (exit != Exit.OK) {
            err.println("baton: nothing was done: " + outcome + reasons(answer));
            return exit;
        }
        if (!wait) return Exit.OK;
        if (outcome.equals("DRY_RUN")) {
            talk.println("dry-run: no node was started or stopped, so there is nothing to wait for");
            return Exit.OK;
        }
        int approved = (int) Json.number(answer, "approved", 0);
        int change = switch (amount.sign()) {
            case '+' -> approved;
            case '-' -> -approved;
            default -> Integer.signum(amount.n() - before.capacity()) * approved;
        };
        return new ScaleWait(api, poolPath, pollMillis, talk).await(before, change, timeout * 1000L);
    }

    /**
     * The decision as people read it. The approved amount is the change carried out (for {@code =N}, the
     * number of nodes added or removed to get there); the server's own {@code requested} is left out,
     * because the journal records it after the guardrails resized it.
     */
    private static void print(String pool, Amount amount, Map<String, Object> answer, PrintStream out) {
        long approved = Json.number(answer, "approved", 0);
        String outcome = Json.text(answer, "outcome");
        out.printf("%s %s %s%d  %s%n", amount.label(), pool, amount.sign(), amount.n(), outcome);
        String change = switch (amount.sign()) {
            case '+' -> "+" + approved + " approved";
            case '-' -> "-" + approved + " approved";
            default -> "a change of " + approved + (approved == 1 ? " node" : " nodes") + " approved";
        };
        out.printf("    decision: %s, %s%n", Json.text(answer, "decision"), change);
        List<Object> reasons = answer.get("reasons") instanceof List<?> l ? Json.array(l) : List.of();
        for (Object r : reasons) out.println("    because: " + r);
        long quota = Json.number(answer, "quota", -1);
        long held = Json.number(answer, "held", -1);
        if (quota >= 0) out.printf("    quota: the customer holds %d of its %d nodes%n", held, quota);
        else if (held >= 0) out.printf("    quota: none; the customer holds %d nodes%n", held);
    }

    private static String reasons(Map<String, Object> answer) {
        List<Object> reasons = answer.get("reasons") instanceof List<?> l ? Json.array(l) : List.of();
        return reasons.isEmpty() ? "" : " (" + String.join("; ", reasons.stream().map(String::valueOf).toList()) + ")";
    }
}
