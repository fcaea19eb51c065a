package io.baton.collectors.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromTextParserTest {

    static String render(String text) {
        PromTextParser.Result r = new PromTextParser().parse(text);
        if (!r.errors().isEmpty()) return "ERR " + String.join("; ", r.errors());
        PromSample s = r.samples().get(0);
        return s.name() + " " + s.labels() + " " + s.value() + (s.timestampMs() == null ? "" : " @" + s.timestampMs());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("up 1", "up {} 1.0"),
                Arguments.of("metric_without_timestamp_and_labels 12.47", "metric_without_timestamp_and_labels {} 12.47"),
                Arguments.of("http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000",
                        "http_requests_total {code=200, method=post} 1027.0 @1395066363000"),
                Arguments.of("msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9",
                        "msdos_file_access_time_seconds {error=Cannot find file:\n\"FILE.TXT\", path=C:\\DIR\\FILE.TXT} 1.458255915E9"),
                Arguments.of("something_weird{problem=\"division by zero\"} +Inf -3982045", "something_weird {problem=division by zero} Infinity @-3982045"),
                Arguments.of("neg -Inf", "neg {} -Infinity"),
                Arguments.of("nan NaN", "nan {} NaN"),
                Arguments.of("rpc_duration_seconds{quantile=\"0.5\",} 4773", "rpc_duration_seconds {quantile=0.5} 4773.0"),
                Arguments.of("empty_labels{} 3", "empty_labels {} 3.0"),
                Arguments.of("spaced { a = \"b\" , c=\"d\" }   2.5e-3\t 42", "spaced {a=b, c=d} 0.0025 @42"),
                Arguments.of("colon:name:total 7", "colon:name:total {} 7.0"),
                Arguments.of("bucket{le=\"+Inf\"} 144320", "bucket {le=+Inf} 144320.0"),
                Arguments.of("utf8{name=\"héllo wörld\"} 1", "utf8 {name=héllo wörld} 1.0"),
                Arguments.of("crlf 5\r", "crlf {} 5.0"),
                Arguments.of("novalue", "ERR line 1: missing value"),
                Arguments.of("bad{a=b} 1", "ERR line 1: label value of a must be quoted"),
                Arguments.of("bad{a=\"b} 1", "ERR line 1: unterminated label value of a"),
                Arguments.of("bad{a=\"\\t\"} 1", "ERR line 1: invalid escape \\t in label a"),
                Arguments.of("bad{a=\"1\",a=\"2\"} 1", "ERR line 1: duplicate label a"),
                Arguments.of("bad 1x", "ERR line 1: invalid value '1x'"),
                Arguments.of("bad 1 12.5", "ERR line 1: invalid timestamp '12.5'"),
                Arguments.of("bad 1 2 3", "ERR line 1: unexpected text after timestamp"),
                Arguments.of("9bad 1", "ERR line 1: invalid metric name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesEdgeCasesOfTheFormat(String line, String expected) {
        assertThat(render(line)).isEqualTo(expected);
    }

    @Test
    void skipsHelpTypeAndCommentsAndNumbersLines() {
        String text = "# HELP http_requests_total The total number of HTTP requests.\n"
                + "# TYPE http_requests_total counter\n"
                + "http_requests_total{method=\"post\"} 1027\n"
                + "# a free comment\n"
                + "\n"
                + "broken{ 1\n"
                + "# HELP help_with_escapes A \\\\ backslash and \\n newline\n"
                + "ok 2\n";
        PromTextParser.Result r = new PromTextParser().parse(text);
        assertThat(r.samples()).extracting(PromSample::name).containsExactly("http_requests_total", "ok");
        assertThat(r.errors()).singleElement().asString().startsWith("line 6:");
    }

    @Test
    void seriesNameIsStableAndEscaped() {
        PromSample s = new PromTextParser().parse("m{b=\"x\\\"y\",a=\"1\"} 1").samples().get(0);
        assertThat(s.seriesName()).isEqualTo("m{a=\"1\",b=\"x\\\"y\"}");
        assertThat(new PromSample("m", java.util.Map.of(), 1, null).seriesName()).isEqualTo("m");
        assertThat(List.of(s.labels().keySet().toArray())).containsExactly("a", "b");
    }
}
