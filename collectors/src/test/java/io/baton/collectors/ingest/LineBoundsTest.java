package io.baton.collectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.collectors.sinks.SinkFanout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The per-line bounds of the parser, and what it keeps once a body is parsed. */
class LineBoundsTest {

    /** {@code OK line N measurement fields} per point, {@code ERR line N: why} per bad line. */
    static List<String> parse(LineProtocolParser parser, String body) {
        List<String> out = new ArrayList<>();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        parser.parse(bytes, 0, bytes.length, 1, new LineProtocolParser.Handler() {
            @Override public void point(ParsedLine l) {
                out.add("OK line " + l.lineNumber() + " " + l.measurement() + " " + l.fieldCount());
            }
            @Override public void error(int line, String why) {
                out.add("ERR line " + line + ": " + why);
            }
        });
        return out;
    }

    static String fields(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append('f').append(i).append("=1");
        return sb.toString();
    }

    @Test
    void aLineWithMoreFieldsThanTheBoundIsABadLineAndTheOthersAreKept() {
        LineProtocolParser p = new LineProtocolParser(4, 1 << 20);
        assertThat(parse(p, "a " + fields(4) + "\nb " + fields(5) + "\nc v=1\n")).containsExactly(
                "OK line 1 a 4",
                "ERR line 2: too many fields: more than 4 (baton.ingest.max-fields-per-line)",
                "OK line 3 c 1");
    }

    @Test
    void aLineLongerThanTheBoundIsABadLineWhereverItGrows() {
        LineProtocolParser p = new LineProtocolParser(1000, 100);
        String longTag = "t,pool=" + "x".repeat(120) + " v=1";
        String manyFields = "f " + fields(30);                                     // > 100 bytes in its fields
        String longString = "s msg=\"" + "y".repeat(50) + "\nz".repeat(40) + "\"";  // a string over lines, > 100 bytes
        String longTimestampLine = "u " + "v".repeat(85) + "=1 1700000000000000000";  // 107 bytes, only the end passes
        String exact = "e v=" + "1".repeat(96);                                    // exactly 100 bytes
        List<String> out = parse(p, String.join("\n", "ok v=1", longTag, manyFields, longString, longTimestampLine, exact, "last v=2"));
        String tooLong = ": line too long: more than 100 bytes (baton.ingest.max-line-length)";
        // the string holds 40 newlines, so it spans lines 4 to 44 and the timestamp line is line 45
        assertThat(out).containsExactly("OK line 1 ok 1", "ERR line 2" + tooLong, "ERR line 3" + tooLong, "ERR line 4" + tooLong,
                "ERR line 45" + tooLong, "OK line 46 e 1", "OK line 47 last 1");
    }

    @Test
    void afterABigBodyTheParserKeepsNeitherTheBodyNorWhatItsWidestLineGrew() {
        LineProtocolParser p = new LineProtocolParser();
        long idle = p.retainedBytes();
        StringBuilder body = new StringBuilder();
        body.append("wide,pool=web ").append(fields(100_000)).append('\n');                       // grows the field arrays
        body.append("esc msg=\"").append("say \\\"hi\\\" ".repeat(200_000)).append("\"\n");     // grows the scratch buffer
        for (int i = 0; i < 100_000; i++) body.append("cpu,pool=web,node=n").append(i % 50).append(" value=").append(i).append('\n');
        assertThat(body.length()).isGreaterThan(5_000_000);
        assertThat(parse(p, body.toString())).hasSize(100_002);
        assertThat(p.retainedBytes()).as("retained after a %d-byte body", body.length()).isLessThan(4_096).isLessThanOrEqualTo(idle + 1_024);
    }

    @Test
    void theServiceReleasesItsThreadsParserAfterEachRequest() {
        IngestService service = new IngestService(new SinkFanout(Stream::empty, Stream::empty), "pool", "node", Duration.ZERO);
        byte[] body = ("big,pool=web " + fields(200) + "\n").repeat(20_000).getBytes(StandardCharsets.UTF_8);
        IngestResult r = service.ingest(body, body.length, 1, 0);
        assertThat(r.points()).isEqualTo(20_000);
        assertThat(body.length).isGreaterThan(20_000_000);
        assertThat(service.retainedParserBytes()).isLessThan(4_096);
    }
}
