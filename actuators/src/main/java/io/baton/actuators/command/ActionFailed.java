package io.baton.actuators.command;

/** A command or webhook call that failed; {@code retryable} is false for failures a retry cannot fix (4xx). */
final class ActionFailed extends Exception {
    final boolean retryable;

    ActionFailed(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }
}
