package io.baton.collectors.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Decodes the unquoted field values of line protocol from the bytes {@link LineProtocolParser} has delimited:
 * booleans, integers ({@code 1i}), unsigned ({@code 1u}) and floats. Static methods on the parser's bytes, which
 * inline into its loop as its own methods did: a number is decoded in place, without a String.
 */
final class FieldValues {
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private FieldValues() { }

    /**
     * Adds field {@code key} to {@code line} with the value {@code buf[start, end)} (not empty, not quoted), of the
     * kind its form says: a boolean when it starts with t, T, f or F, an integer when it ends in {@code i},
     * unsigned when it ends in {@code u}, else a float.
     */
    static void add(ParsedLine line, String key, byte[] buf, int start, int end) throws BadLine {
        byte first = buf[start];
        byte last = buf[end - 1];
        if (first == 't' || first == 'T' || first == 'f' || first == 'F') {
            Boolean b = bool(buf, start, end);
            line.addField(key, ParsedLine.BOOLEAN, b ? 1 : 0, b);
        } else if (last == 'i') {
            long v = integer(buf, start, end - 1, false);
            line.addInteger(key, ParsedLine.INTEGER, v, v);
        } else if (last == 'u') {
            long v = integer(buf, start, end - 1, true);
            line.addInteger(key, ParsedLine.UNSIGNED, v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1), v);
        } else {
            line.addField(key, ParsedLine.FLOAT, floatValue(buf, start, end), null);
        }
    }

    /** The boolean {@code buf[start, end)}: t, T, f, F, or true, false in lower, title or upper case. */
    private static Boolean bool(byte[] buf, int start, int end) throws BadLine {
        int len = end - start;
        if (len == 1) return buf[start] == 't' || buf[start] == 'T';
        String s = new String(buf, start, len, StandardCharsets.US_ASCII);
        switch (s) {
            case "true": case "True": case "TRUE": return Boolean.TRUE;
            case "false": case "False": case "FALSE": return Boolean.FALSE;
            default: throw new BadLine("invalid boolean");
        }
    }

    /**
     * The decimal integer {@code buf[start, end)}: signed (an optional {@code -}) within a long, or
     * {@code unsigned} (no sign) within 64 bits, returned as a long's raw bits.
     */
    static long integer(byte[] buf, int start, int end, boolean unsigned) throws BadLine {
        boolean negative = start < end && buf[start] == '-';
        int i = negative ? start + 1 : start;
        if (i == end) throw new BadLine("invalid number");
        if (unsigned) {
            if (negative) throw new BadLine("invalid number: unsigned value is negative");
            for (int j = i; j < end; j++) if (buf[j] < '0' || buf[j] > '9') throw new BadLine("invalid number");
            try {
                return Long.parseUnsignedLong(new String(buf, i, end - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new BadLine("invalid number: value out of range");
            }
        }
        long v = 0;
        for (; i < end; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) throw new BadLine("invalid number");
            if (v < (Long.MIN_VALUE + d) / 10) throw new BadLine("invalid number: value out of range");
            v = v * 10 - d;  // accumulate negatively to reach Long.MIN_VALUE
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) throw new BadLine("invalid number: value out of range");
            v = -v;
        }
        return v;
    }

    /**
     * The float {@code buf[start, end)}: one of up to 15 significant digits and at most 22 places from the point is
     * computed here from the bytes (rounded as {@link Double#parseDouble} would); one with an exponent or more
     * digits goes through {@code parseDouble}.
     */
    private static double floatValue(byte[] buf, int start, int end) throws BadLine {
        int i = start;
        boolean negative = false;
        if (buf[i] == '-' || buf[i] == '+') { negative = buf[i] == '-'; i++; }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean dot = false;
        boolean any = false;
        for (; i < end; i++) {
            byte c = buf[i];
            if (c >= '0' && c <= '9') {
                any = true;
                if (digits < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    if (mantissa != 0) digits++;
                    if (dot) scale--;
                } else if (!dot) {
                    scale++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (!any) throw new BadLine("invalid number");
        if (i < end) {
            if (buf[i] != 'e' && buf[i] != 'E') throw new BadLine("invalid number");
            return slowFloat(buf, start, end);
        }
        if (digits <= 15 && scale >= -22 && scale <= 22) {
            double v = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
            return negative ? -v : v;
        }
        return slowFloat(buf, start, end);
    }

    /** A float of any form {@link Double#parseDouble} takes from digits, point, sign and exponent, and finite. */
    private static double slowFloat(byte[] buf, int start, int end) throws BadLine {
        for (int j = start; j < end; j++) {
            byte c = buf[j];
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) throw new BadLine("invalid number");
        }
        try {
            double v = Double.parseDouble(new String(buf, start, end - start, StandardCharsets.US_ASCII));
            if (Double.isInfinite(v)) throw new BadLine("invalid number: value out of range");
            return v;
        } catch (NumberFormatException e) {
            throw new BadLine("invalid number");
        }
    }
}
