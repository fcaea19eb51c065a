package io.baton.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Baton's client commands ({@code baton scale|pools|nodes|decisions}): plain Java over the REST API
 * of a running service, as kubectl talks to a cluster. Nothing here loads Spring, so a command starts
 * in a fraction of a second. The server comes from {@code --server} or {@code BATON_URL}, the token
 * from {@code --token} or {@code BATON_TOKEN}; each outcome has its own exit code ({@link Exit}).
 */
public final class Cli {
    private static final long POLL_MILLIS = 500;
    private static final long FOLLOW_MILLIS = 1_000;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    private Cli(long pollMillis, long followMillis) {
        commands.put("scale", new ScaleCommand(pollMillis));
        commands.put("pools", new PoolsCommand());
        commands.put("nodes", new NodesCommand());
        commands.put("decisions", new DecisionsCommand(followMillis));
    }

    /** Whether {@code command} is one of the client commands. */
    public static boolean handles(String command) {
        return switch (command) {
            case "scale", "pools", "nodes", "decisions" -> true;
            default -> false;
        };
    }

    /** Runs {@code args} (the command first) with the process's environment; returns the exit code. */
    public static int main(String[] args) {
        return run(args, System.getenv(), System.out, System.err);
    }

    /** Runs {@code args} (the command first) with {@code env} for {@code BATON_URL} and {@code BATON_TOKEN}; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return new Cli(POLL_MILLIS, FOLLOW_MILLIS).dispatch(args, env, out, err);
    }

    private int dispatch(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Command c = args.length == 0 ? null : commands.get(args[0]);
        if (c == null) {
            err.println("baton: unknown command " + (args.length == 0 ? "(none given)" : "'" + args[0] + "'"));
            err.print(usage());
            return Exit.USAGE.code;
        }
        boolean json = Arrays.asList(args).contains("--json");
        try {
            Args a = Args.parse(args, c.valueOptions(), c.flagOptions());
            if (a.flag("help")) {
                out.print(usage());
                return Exit.OK.code;
            }
            return c.run(a, Api.of(a, env), out, err).code;
        } catch (CliException e) {
            if (json && e.body != null && !e.body.isBlank()) out.println(e.body.trim());
            err.println("baton: " + e.getMessage());
            if (e.exit == Exit.USAGE && e.body == null) err.println("usage: baton " + c.synopsis() + " [--server URL] [--token T] [--json]");
            return e.exit.code;
        } catch (IllegalArgumentException e) {
            err.println("baton: the server's answer could not be read: " + e.getMessage());
            return Exit.FAILED.code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("baton: interrupted before the command finished");
            return Exit.FAILED.code;
        } finally {
            out.flush();
        }
    }

    /** The client commands, their options and the exit codes, as {@code baton help} shows them. */
    String usage() {
        StringBuilder b = new StringBuilder("client commands (they talk to a running Baton's REST API):\n");
        for (Command c : commands.values()) b.append("  baton ").append(c.synopsis()).append('\n');
        b.append("options: --server URL (or BATON_URL; default ").append(Api.DEFAULT_SERVER)
                .append("), --token T (or BATON_TOKEN), --json (print the API's JSON)\n");
        b.append("exit codes:\n");
        for (Exit e : Exit.values()) b.append("  ").append(e.code).append("  ").append(e.meaning).append('\n');
        return b.toString();
    }
}
