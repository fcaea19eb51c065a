package io.baton.collectors.ingest;

/**
 * A bad line, signalled inside {@link LineProtocolParser} with why it is bad: the parser reports the message to its
 * handler with the line's number and goes on with the next line, so this never escapes it. It carries no stack
 * trace (it is the parser's way out of a line, not a fault). The messages are an interface: a 400 names the bad
 * line with them, and scripts read them.
 */
final class BadLine extends Exception {
    BadLine(String why) { super(why, null, false, false); }

    /** Why a line longer than {@code maxLineBytes} bytes is refused ({@code baton.ingest.max-line-length}). */
    static String tooLong(int maxLineBytes) {
        return "line too long: more than " + maxLineBytes + " bytes (baton.ingest.max-line-length)";
    }

    /** A line with more than {@code maxFields} fields ({@code baton.ingest.max-fields-per-line}). */
    static BadLine tooManyFields(int maxFields) {
        return new BadLine("too many fields: more than " + maxFields + " (baton.ingest.max-fields-per-line)");
    }
}
