package io.baton.collectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.collectors.CountingSink;
import io.baton.collectors.sinks.LineBlock;
import io.baton.collectors.sinks.RawLineSink;
import io.baton.collectors.sinks.SinkFanout;
import io.baton.engine.model.Sample;
import io.baton.engine.port.MetricSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What ingest hands the raw-line sinks: the good lines of a body as bytes, each with a nanosecond timestamp and a
 * newline, as a slice of the body when the lines are already so, else copied. The expected bytes are written out
 * by hand in each test.
 */
class IngestBytesTest {
    private static final long NOW = 1_700_000_000_123_456_789L;

    /** Remembers the blocks it is offered. */
    static final class Capture implements RawLineSink {
        final List<LineBlock> blocks = new ArrayList<>();

        @Override public void acceptLines(List<String> lines) { throw new AssertionError("ingest offers blocks"); }

        @Override public boolean offerBlock(LineBlock lines, long maxWaitNanos) {
            blocks.add(lines);
            return true;
        }
    }

    final Capture raw = new Capture();
    final CountingSink engine = new CountingSink();
    final IngestService service = new IngestService(new SinkFanout(() -> Stream.<MetricSink>of(engine), () -> Stream.<RawLineSink>of(raw)),
            "pool", "node", Duration.ZERO);

    private LineBlock ingest(byte[] body, long nanosPerUnit) {
        IngestResult r = service.ingest(body, body.length, nanosPerUnit, NOW);
        assertThat(r.overloaded()).isFalse();
        assertThat(raw.blocks).hasSize(1);
        assertThat(r.points()).isEqualTo(raw.blocks.get(0).lines());
        return raw.blocks.get(0);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(LineBlock b) {
        return new String(b.toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void telegrafLinesAreASliceOfTheBodyItself() {
        byte[] body = utf8("cpu,pool=web,node=n1 usage=1.5 1700000000000000001\nmem,pool=web,node=n1 used=7i 1700000000000000002\n");
        LineBlock b = ingest(body, 1);
        assertThat(b.array()).isSameAs(body);
        assertThat(b.offset()).isZero();
        assertThat(b.byteLength()).isEqualTo(body.length);
        assertThat(b.lines()).isEqualTo(2);
        assertThat(b.line(0)).isEqualTo("cpu,pool=web,node=n1 usage=1.5 1700000000000000001");
        assertThat(b.line(1)).isEqualTo("mem,pool=web,node=n1 used=7i 1700000000000000002");
        // the samples to the engine are the same as ever
        assertThat(engine.samples).extracting(Sample::getMetric, Sample::getValue, Sample::getTimestamp)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cpu_usage", 1.5, 1_700_000_000_000L),
                        org.assertj.core.groups.Tuple.tuple("mem_used", 7.0, 1_700_000_000_000L));
    }

    @Test
    void leadingBlankLinesAreLeftOutOfTheSlice() {
        byte[] body = utf8("\n\nm v=1 5\nm v=2 6\n");
        LineBlock b = ingest(body, 1);
        assertThat(b.array()).isSameAs(body);
        assertThat(b.offset()).isEqualTo(2);
        assertThat(text(b)).isEqualTo("m v=1 5\nm v=2 6\n");
    }

    @Test
    void aLastLineWithoutANewlineGetsOne() {
        LineBlock b = ingest(utf8("m v=1 5\nm v=2 6"), 1);
        assertThat(text(b)).isEqualTo("m v=1 5\nm v=2 6\n");
        assertThat(b.toStrings()).containsExactly("m v=1 5", "m v=2 6");
    }

    @Test
    void linesWithoutATimestampGetTheTimeOfTheRequestInNanoseconds() {
        LineBlock b = ingest(utf8("m v=1\nm v=2 6\nm,t=x s=\"a\"\n"), 1);
        assertThat(text(b)).isEqualTo("m v=1 1700000000123456789\nm v=2 6\nm,t=x s=\"a\" 1700000000123456789\n");
    }

    @Test
    void timestampsInOtherPrecisionsAreWrittenInNanoseconds() {
        assertThat(text(ingest(utf8("m v=1 1700000000123\nm v=2 -5\n"), 1_000_000L)))
                .isEqualTo("m v=1 1700000000123000000\nm v=2 -5000000\n");
        raw.blocks.clear();
        assertThat(text(ingest(utf8("m v=1 1700000000\n"), 1_000_000_000L))).isEqualTo("m v=1 1700000000000000000\n");
        raw.blocks.clear();
        assertThat(text(ingest(utf8("m v=1 472222\n"), 3_600_000_000_000L))).isEqualTo("m v=1 1699999200000000000\n");
        raw.blocks.clear();
        assertThat(text(ingest(utf8("m v=1 0\n"), 1_000L))).isEqualTo("m v=1 0\n");
    }

    @Test
    void escapedNamesAndStringsAreKeptAsSent() {
        String line = "my\\ m,ta\\=g=v\\,1,pool=web f\\ k=\"say \\\"hi\\\" \\\\ there\",n=2i 9";
        LineBlock b = ingest(utf8(line + "\n"), 1);
        assertThat(text(b)).isEqualTo(line + "\n");
        assertThat(engine.samples).singleElement().satisfies(s -> assertThat(s.getMetric()).isEqualTo("my m_n"));
    }

    @Test
    void aStringFieldSpanningLinesStaysOneLine() {
        LineBlock b = ingest(utf8("m s=\"one\ntwo\" 5\nm v=1 6\n"), 1);
        assertThat(b.lines()).isEqualTo(2);
        assertThat(b.line(0)).isEqualTo("m s=\"one\ntwo\" 5");
        assertThat(b.line(1)).isEqualTo("m v=1 6");
    }

    @Test
    void badLinesCommentsAndCarriageReturnsAreLeftOutAndTheGoodLinesKeptInOrder() {
        byte[] body = utf8("a v=1 1\n# a comment\nb v= 2\nc v=3 3\r\nd v=4  4\ne v=5 5\n");
        IngestResult r = service.ingest(body, body.length, 1, NOW);
        assertThat(r.errors()).containsExactly("line 3: missing field value");
        assertThat(r.points()).isEqualTo(4);
        LineBlock b = raw.blocks.get(0);
        assertThat(text(b)).isEqualTo("a v=1 1\nc v=3 3\nd v=4 4\ne v=5 5\n");
        assertThat(b.array()).isNotSameAs(body);  // copied: the lines are no longer the body's bytes in a row
    }

    @Test
    void aBodyOfMostlyBadLinesIsNotKeptForItsFewGoodOnes() {
        StringBuilder body = new StringBuilder("m v=1 1\n");
        for (int i = 0; i < 100; i++) body.append("m v=oops 2\n");
        byte[] bytes = utf8(body.toString());
        LineBlock b = ingest(bytes, 1);
        assertThat(text(b)).isEqualTo("m v=1 1\n");
        assertThat(b.array()).isNotSameAs(bytes).hasSize(8);
    }

    @Test
    void aBodyWithNoGoodLinesOffersNothing() {
        IngestResult r = service.ingest(utf8("m v=oops 2\n"), 11, 1, NOW);
        assertThat(r.points()).isZero();
        assertThat(raw.blocks).isEmpty();
    }

    @Test
    void digitsOfTheExtremes() {
        byte[] out = new byte[24];
        assertThat(new String(out, 0, BlockBuilder.digits(0, out, 0), StandardCharsets.US_ASCII)).isEqualTo("0");
        assertThat(new String(out, 0, BlockBuilder.digits(Long.MAX_VALUE, out, 0), StandardCharsets.US_ASCII)).isEqualTo("9223372036854775807");
        assertThat(new String(out, 0, BlockBuilder.digits(Long.MIN_VALUE, out, 0), StandardCharsets.US_ASCII)).isEqualTo("-9223372036854775808");
        assertThat(new String(out, 2, BlockBuilder.digits(-10, out, 2) - 2, StandardCharsets.US_ASCII)).isEqualTo("-10");
    }
}
