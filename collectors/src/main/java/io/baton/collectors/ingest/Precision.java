package io.baton.collectors.ingest;

/** Timestamp precisions of InfluxDB's write APIs, as nanoseconds per unit, and a line's timestamp at one. */
final class Precision {
    private Precision() { }

    /** v1 {@code /write}: n/ns, u/us, ms, s, m, h; default ns. Returns -1 when unknown. */
    static long v1(String p) {
        if (p == null || p.isEmpty()) return 1;
        switch (p) {
            case "n": case "ns": return 1;
            case "u": case "us": case "\u00b5": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60_000_000_000L;
            case "h": return 3_600_000_000_000L;
            default: return -1;
        }
    }

    /** v2 {@code /api/v2/write}: ns, us, ms, s; default ns. Returns -1 when unknown. */
    static long v2(String p) {
        if (p == null || p.isEmpty()) return 1;
        switch (p) {
            case "ns": return 1;
            case "us": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            default: return -1;
        }
    }

    /**
     * The timestamp {@code buf[start, end)} (a decimal integer of {@code nanosPerUnit} nanoseconds each) in
     * nanoseconds; a bad line when it is not an integer or overflows a long in nanoseconds.
     */
    static long nanos(byte[] buf, int start, int end, long nanosPerUnit) throws BadLine {
        long t;
        try {
            t = FieldValues.integer(buf, start, end, false);
        } catch (BadLine e) {
            throw new BadLine("bad timestamp");
        }
        try {
            return Math.multiplyExact(t, nanosPerUnit);
        } catch (ArithmeticException e) {
            throw new BadLine("bad timestamp: out of range for the precision");
        }
    }
}
