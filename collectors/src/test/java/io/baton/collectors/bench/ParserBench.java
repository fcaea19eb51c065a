package io.baton.collectors.bench;

import io.baton.collectors.ingest.LineProtocolParser;
import io.baton.collectors.ingest.ParsedLine;

/**
 * Line-protocol parse throughput on one thread (so per core): parses a 10,000-line body over and over.
 * Run through collectors/bench.sh.
 */
public final class ParserBench {
    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        byte[] body = BenchData.bytes(0, 10_000);
        LineProtocolParser parser = new LineProtocolParser();
        long[] fields = new long[1];
        LineProtocolParser.Handler handler = new LineProtocolParser.Handler() {
            @Override public void point(ParsedLine line) { fields[0] += line.fieldCount(); }
            @Override public void error(int lineNumber, String why) { throw new IllegalStateException(why); }
        };
        run(parser, body, handler, 3);  // warm-up
        double rate = run(parser, body, handler, seconds);
        System.out.printf("parse: %,.0f lines/s on one thread (%d-byte body of 10,000 lines, %.0f bytes/line, %,.0f MB/s)%n",
                rate, body.length, body.length / 10_000.0, rate * body.length / 10_000.0 / 1e6);
        if (fields[0] == 42) System.out.println();

        // parse + convert: what the endpoint does per body (raw lines for InfluxDB, samples for the engine), no sinks
        io.baton.collectors.ingest.IngestService service = new io.baton.collectors.ingest.IngestService(
                new io.baton.collectors.sinks.SinkFanout(java.util.stream.Stream::empty, java.util.stream.Stream::empty),
                "pool", "node", java.time.Duration.ZERO);
        convert(service, body, 3);
        System.out.printf("parse + convert to raw lines and samples: %,.0f lines/s on one thread%n", convert(service, body, seconds));
    }

    private static double convert(io.baton.collectors.ingest.IngestService service, byte[] body, int seconds) {
        long lines = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now;
        do {
            lines += service.ingest(body, body.length, 1, 0).points();
            now = System.nanoTime();
        } while (now < end);
        return lines / ((now - start) / 1e9);
    }

    private static double run(LineProtocolParser parser, byte[] body, LineProtocolParser.Handler handler, int seconds) {
        long lines = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now;
        do {
            lines += parser.parse(body, 0, body.length, 1, handler);
            now = System.nanoTime();
        } while (now < end);
        return lines / ((now - start) / 1e9);
    }
}
