package io.baton.app.bench.faults;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Line-protocol bodies from a seed: each body mixes good lines (measurement {@code fuzz}, a unique integer field
 * {@code u}, a unique series through tags {@code b} and {@code l}, and a tag {@code s} with escapes and unicode
 * whose stored value is known) with broken ones (bad escapes, missing fields, huge, NaN and infinite numbers, bad
 * timestamps, binary junk, very long lines, many fields, unicode). Every generated line is one physical line (no
 * newline inside), so the line numbers Baton names can be checked; an unterminated string, which swallows what
 * follows it, is only ever a body's last line. The same seed gives the same bodies.
 */
final class FuzzCorpus {
    record Good(int lineNo, long u, String s) { }

    record Body(int index, byte[] bytes, List<Good> good, List<Integer> bad, List<String> badKinds, String path, boolean gzip) { }

    private static final String[] WORDS = {"web", "api", "café", "日本語", "🙂", "Ωmega", "naïve", "Ünïcödé", "数据库", "😀👍", "x"};
    private static final String[][] ESCAPES = {{"\\ ", " "}, {"\\,", ","}, {"\\=", "="}};
    private final SplittableRandom rnd;
    private final long nowNs = System.currentTimeMillis() * 1_000_000L;
    private long nextU = 1;

    FuzzCorpus(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    Body body(int index) {
        int lines = 1 + rnd.nextInt(30);
        String path;
        int p = rnd.nextInt(10);
        String precision = "ns";
        if (p == 0) { path = "/api/v2/write?bucket=b&org=o&precision=ms"; precision = "ms"; }
        else if (p == 1) { path = "/write?db=fuzz&precision=s"; precision = "s"; }
        else path = "/write?db=fuzz";
        boolean gzip = rnd.nextInt(10) == 0;
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Good> good = new ArrayList<>();
        List<Integer> bad = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int l = 1; l <= lines; l++) {
            boolean last = l == lines;
            if (rnd.nextInt(100) < 60) {
                String[] sv = tagValue();
                long u = nextU++;
                good.add(new Good(l, u, sv[1]));
                append(out, goodLine(index, l, sv[0], u, precision));
            } else {
                Broken b = broken(last);
                bad.add(l);
                kinds.add(b.kind);
                out.writeBytes(b.bytes);
            }
            if (!last || rnd.nextBoolean()) out.write('\n');
        }
        return new Body(index, out.toByteArray(), good, bad, kinds, path, gzip);
    }

    private static void append(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {escaped as written, value as stored}. */
    private String[] tagValue() {
        StringBuilder raw = new StringBuilder();
        StringBuilder stored = new StringBuilder();
        int parts = 1 + rnd.nextInt(3);
        for (int i = 0; i < parts; i++) {
            if (i > 0 || rnd.nextInt(4) == 0) {
                String[] e = ESCAPES[rnd.nextInt(ESCAPES.length)];
                raw.append(e[0]);
                stored.append(e[1]);
            }
            String w = WORDS[rnd.nextInt(WORDS.length)];
            raw.append(w);
            stored.append(w);
        }
        return new String[] {raw.toString(), stored.toString()};
    }

    private String goodLine(int body, int line, String s, long u, String precision) {
        StringBuilder b = new StringBuilder("fuzz,b=").append(body).append(",l=").append(line).append(",s=").append(s);
        b.append(" u=").append(u).append('i');
        int extra = rnd.nextInt(100);
        if (extra == 0) {                      // many fields, within baton.ingest.max-fields-per-line (256 with u)
            int n = 50 + rnd.nextInt(200);
            for (int i = 0; i < n; i++) b.append(",f").append(i).append('=').append(rnd.nextInt(1000)).append('.').append(rnd.nextInt(10));
        } else if (extra == 1) {               // a long string field (InfluxDB's limit is 64 KB)
            b.append(",str=\"");
            int n = 1000 + rnd.nextInt(40_000);
            for (int i = 0; i < n; i++) b.append((char) ('a' + rnd.nextInt(26)));
            b.append('"');
        } else {
            if (rnd.nextBoolean()) b.append(",f=").append(rnd.nextInt(2) == 0 ? "-" : "").append(rnd.nextInt(100000)).append(".5e").append(rnd.nextInt(5));
            if (rnd.nextBoolean()) b.append(",i=").append(-rnd.nextInt(1_000_000)).append('i');
            if (rnd.nextInt(3) == 0) b.append(",t=").append(new String[] {"t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE"}[rnd.nextInt(10)]);
            if (rnd.nextInt(3) == 0) b.append(",str=\"he said \\\"hi\\\" \\\\ ok ☃ ").append(WORDS[rnd.nextInt(WORDS.length)]).append('"');
        }
        if (rnd.nextBoolean()) {
            long ns = nowNs - (long) rnd.nextInt(3_600_000) * 1_000_000L;
            long ts = switch (precision) {
                case "ms" -> ns / 1_000_000L;
                case "s" -> ns / 1_000_000_000L;
                default -> ns;
            };
            b.append(' ').append(ts);
        }
        return b.toString();
    }

    private record Broken(String kind, byte[] bytes) { }

    private Broken broken(boolean last) {
        int r = rnd.nextInt(1000);
        // long lines and many fields are rare (they weigh megabytes); the rest share the remainder evenly
        int k = r < 3 ? 7 : r < 20 ? 8 : new int[] {0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14}[rnd.nextInt(last ? 13 : 12)];
        return switch (k) {
            case 0 -> text("missing-fields", pick("fuzzbad,b=1", "fuzzbad", "fuzzbad,b=1 ", "fuzzbad,b=1,c=2"));
            case 1 -> text("bad-escape", pick("fuzzbad\\ x=1", "fuzzbad,t\\=v x=1", "fuzzbad,t=v\\ x=1", "fuzzbad,t=\\ x=1", "fuzzbad x=1\\", "\\", "fuzzbad x\\=1"));
            case 2 -> text("missing-value", pick("fuzzbad x=", "fuzzbad x=,y=1", "fuzzbad =1", "fuzzbad,t= x=1", "fuzzbad,=v x=1", ",t=1 x=1", "fuzzbad x"));
            case 3 -> text("nan-inf", pick("fuzzbad x=NaN", "fuzzbad x=nan", "fuzzbad x=inf", "fuzzbad x=-Inf", "fuzzbad x=+inf", "fuzzbad x=Infinity", "fuzzbad x=NaNi"));
            case 4 -> text("huge", pick("fuzzbad x=1e400", "fuzzbad x=-1e400", "fuzzbad x=99999999999999999999i", "fuzzbad x=-9223372036854775809i",
                    "fuzzbad x=18446744073709551616u", "fuzzbad x=" + "9".repeat(400) + "i", "fuzzbad x=1" + "0".repeat(400) + ".0e99999"));
            case 5 -> text("bad-timestamp", pick("fuzzbad x=1 12ab", "fuzzbad x=1 99999999999999999999", "fuzzbad x=1 1.5", "fuzzbad x=1 1 2",
                    "fuzzbad x=1 -", "fuzzbad x=1 0x10", "fuzzbad x=1 1e9", "fuzzbad x=1 " + "1".repeat(40)));
            case 6 -> junk();
            case 7 -> longLine();
            case 8 -> rnd.nextBoolean() ? manyFields() : tooManyFields();
            case 9 -> text("unicode", pick("fuzzbad,ключ=значение", "🙂,t=🙂", "fuzzbad x=🙂", "fuzzbad x=١٢٣", "日本語,タグ=値 フィールド=", "fuzzbad x=1 ２０２５"));
            case 10 -> bytes("bad-utf8", concat("fuzzbad x=".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3}));
            case 11 -> text("bad-bool", pick("fuzzbad x=truex", "fuzzbad x=tru", "fuzzbad x=yes", "fuzzbad x=FALSEE"));
            case 12 -> text("bad-number", pick("fuzzbad x=12abc", "fuzzbad x=1.2.3", "fuzzbad x=--1", "fuzzbad x=1i2", "fuzzbad x=1_000", "fuzzbad x=0x1F", "fuzzbad x=1ii", "fuzzbad x=.", "fuzzbad x=-"));
            case 13 -> text("bad-string", pick("fuzzbad x=abc", "fuzzbad x=\"a\"b", "fuzzbad x=\"a\"\"b\"", "fuzzbad x='single'"));
            default -> text("unterminated-string", pick("fuzzbad x=\"never closed", "fuzzbad x=\"a\\\"", "fuzzbad x=1,y=\"open"));
        };
    }

    private Broken junk() {
        int n = 1 + rnd.nextInt(300);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int v = rnd.nextInt(256);
            if (v == '\n' || v == '"' || v == '#') v = 0x01;
            b[i] = (byte) v;
        }
        b[0] = (byte) (0x80 | rnd.nextInt(64)); // never a blank or a comment start: a line that must be refused
        return new Broken("junk", b);
    }

    private Broken longLine() {
        int n = 200_000 + rnd.nextInt(1_800_000);
        return switch (rnd.nextInt(3)) {
            case 0 -> text("long", "fuzzbad,t=" + "a".repeat(n));                                 // no fields
            case 1 -> text("long", "fuzzbad x=" + "1".repeat(n) + "x");                           // a number that never ends well
            default -> text("long", "fuzzbad x=1 " + "2".repeat(n));                              // a timestamp out of range
        };
    }

    private Broken manyFields() {
        StringBuilder b = new StringBuilder("fuzzbad ");
        int n = 1000 + rnd.nextInt(5_000);
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append("g").append(i).append('=').append(i);
        b.append(",end=");                                                                           // the last field has no value
        return text("many-fields", b.toString());
    }

    /** Well-formed, but above baton.ingest.max-fields-per-line (256): Baton bounds a line's field count. */
    private Broken tooManyFields() {
        StringBuilder b = new StringBuilder("fuzzbad ");
        int n = 300 + rnd.nextInt(2000);
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append("h").append(i).append('=').append(i);
        return text("too-many-fields", b.toString());
    }

    private String pick(String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private static Broken text(String kind, String s) {
        return new Broken(kind, s.getBytes(StandardCharsets.UTF_8));
    }

    private static Broken bytes(String kind, byte[] b) {
        return new Broken(kind, b);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
