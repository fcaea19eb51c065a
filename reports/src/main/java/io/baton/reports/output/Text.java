package io.baton.reports.output;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A report written to an {@link Appendable}, taken whole as a String. */
@FunctionalInterface
interface Text {
    /** Writes the text to {@code out}. */
    void write(Appendable out) throws IOException;

    /** The whole text of {@code text}, written to a StringBuilder (which does not throw). */
    static String of(Text text) {
        StringBuilder sb = new StringBuilder();
        try {
            text.write(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }
}
