package io.baton.cli;

import java.io.PrintStream;

/** One client command: it talks to the server through {@code api} and prints for people (or the API's JSON with {@code --json}). */
interface Command {

    /** The options this command takes besides {@code --server}, {@code --token}, {@code --json}. */
    default java.util.Set<String> valueOptions() { return java.util.Set.of(); }

    /** The flags this command takes besides {@code --json}. */
    default java.util.Set<String> flagOptions() { return java.util.Set.of(); }

    /** How to call it, e.g. {@code nodes POOL}. */
    String synopsis();

    /**
     * Runs the command; a failure throws {@link CliException} with its exit code.
     *
     * @throws InterruptedException when the thread is interrupted while it waits or follows
     */
    Exit run(Args args, Api api, PrintStream out, PrintStream err) throws InterruptedException;
}
