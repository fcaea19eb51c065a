package io.baton.actuators.local;

import java.util.regex.Pattern;

/**
 * Whether a process that claims to be a node of this data dir ({@link NodeProcess}) may be treated as
 * one. All four checks must hold:
 * <ol>
 *   <li>it runs under Baton's own OS user id ({@code /proc/<pid>/status});</li>
 *   <li>its {@code --id} matches {@code [A-Za-z0-9-]+} (at most 128 characters), so it can name no file outside the data dir;</li>
 *   <li>its {@code --port} is a number in the pool's port range;</li>
 *   <li>it holds the data dir's {@link NodeSecret}: it was started with it in its environment. Before
 *       it is adopted as RUNNING it must also prove the secret on {@code /health} ({@link NodeProcesses#healthy}).</li>
 * </ol>
 */
final class Adoption {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,128}");

    /** Why a process is not adopted. */
    enum Refusal {
        WRONG_USER("runs under another user id"),
        BAD_ID("has an id that is not [A-Za-z0-9-]+"),
        BAD_PORT("has a port outside the pool's range"),
        NO_SECRET("was not started with this data dir's secret"),
        UNPROVEN("does not prove this data dir's secret on /health"),
        DUPLICATE("claims the id of another node process");

        final String why;

        Refusal(String why) {
            this.why = why;
        }
    }

    /** A process that passed the checks. */
    record Candidate(long pid, String id, int port) {
        String address() { return "127.0.0.1:" + port; }
    }

    /** The outcome: a candidate, or why not. */
    record Verdict(Candidate candidate, Refusal refusal) {
        static Verdict refused(Refusal r) { return new Verdict(null, r); }
    }

    private final NodeProcesses procs;
    private final LocalSettings settings;

    Adoption(NodeProcesses procs, LocalSettings settings) {
        this.procs = procs;
        this.settings = settings;
    }

    /** Checks one process; the cheap checks first, the secret last. */
    Verdict check(NodeProcess p) {
        if (NodeProcesses.uidOf(p.pid()) != procs.uid()) return Verdict.refused(Refusal.WRONG_USER);
        if (!validId(p.id())) return Verdict.refused(Refusal.BAD_ID);
        int port = port(p.port());
        if (port < settings.portStart() || port >= settings.portStart() + settings.portCount()) return Verdict.refused(Refusal.BAD_PORT);
        if (!procs.holdsSecret(p.pid())) return Verdict.refused(Refusal.NO_SECRET);
        return new Verdict(new Candidate(p.pid(), p.id(), port), null);
    }

    /** Whether {@code id} may name a node (or a pool): letters, digits and dashes. */
    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static int port(String text) {
        if (text == null || text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) return -1;
        return Integer.parseInt(text);
    }
}
