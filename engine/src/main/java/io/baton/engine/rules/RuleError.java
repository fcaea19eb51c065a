package io.baton.engine.rules;

/** One compile error of a policy file: the file (relative to the rules directory), its line and the message. */
public record RuleError(String file, int line, String message) {

    /** {@code FILE:LINE: message}, the form editors and CI logs understand. */
    @Override public String toString() {
        return file + ":" + Math.max(line, 0) + ": " + message;
    }
}
