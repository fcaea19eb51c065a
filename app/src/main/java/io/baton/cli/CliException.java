package io.baton.cli;

/**
 * A command that cannot finish: the message for the user, the exit code that says why, and the
 * server's answer when there was one ({@code --json} prints it).
 */
final class CliException extends RuntimeException {
    final Exit exit;
    final String body;

    CliException(Exit exit, String message) {
        this(exit, message, null);
    }

    private CliException(Exit exit, String message, String body) {
        super(message);
        this.exit = exit;
        this.body = body;
    }

    static CliException usage(String message) {
        return new CliException(Exit.USAGE, message);
    }

    CliException withBody(String answer) {
        return new CliException(exit, getMessage(), answer);
    }
}
