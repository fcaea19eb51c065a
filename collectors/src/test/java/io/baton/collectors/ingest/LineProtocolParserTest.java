package io.baton.collectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LineProtocolParserTest {

    /** Renders parsed lines as {@code measurement|tags|fields|timestamp} and errors as {@code ERR line N: why}. */
    static List<String> parse(String body, long unit) {
        List<String> out = new ArrayList<>();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        new LineProtocolParser().parse(bytes, 0, bytes.length, unit, new LineProtocolParser.Handler() {
            @Override public void point(ParsedLine l) {
                StringBuilder sb = new StringBuilder(l.measurement()).append('|');
                for (int i = 0; i < l.tagCount(); i++) sb.append(i > 0 ? "," : "").append(l.tagKey(i)).append('=').append(l.tagValue(i));
                sb.append('|');
                for (int i = 0; i < l.fieldCount(); i++) {
                    sb.append(i > 0 ? "," : "").append(l.fieldKey(i)).append('=').append("FIUSB".charAt(l.fieldType(i))).append(':').append(l.value(i));
                }
                sb.append('|').append(l.hasTimestamp() ? String.valueOf(l.timestampNanos()) : "-");
                out.add(sb.toString());
            }
            @Override public void error(int line, String why) {
                out.add("ERR line " + line + ": " + why);
            }
        });
        return out;
    }

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("cpu value=1", "cpu||value=F:1.0|-"),
                Arguments.of("cpu,host=a,region=us-west value=0.64 1434055562000000000", "cpu|host=a,region=us-west|value=F:0.64|1434055562000000000"),
                Arguments.of("cpu value=1,idle=2.5,n=-3i,u=7u,ok=true,msg=\"hi\"", "cpu||value=F:1.0,idle=F:2.5,n=I:-3,u=U:7,ok=B:true,msg=S:hi|-"),
                Arguments.of("my\\ cpu\\,x,ta\\ g=v\\,1\\=2\\ z f\\=k=1i", "my cpu,x|ta g=v,1=2 z|f=k=I:1|-"),
                Arguments.of("m\\=x v=1", "m\\=x||v=F:1.0|-"),
                Arguments.of("s msg=\"he said \\\"hi\\\" \\\\ ok\"", "s||msg=S:he said \"hi\" \\ ok|-"),
                Arguments.of("s msg=\"a,b c=d\" 5", "s||msg=S:a,b c=d|5"),
                Arguments.of("s msg=\"\"", "s||msg=S:|-"),
                Arguments.of("u v=18446744073709551615u", "u||v=U:-1|-"),
                Arguments.of("b a=t,b=T,c=true,d=True,e=TRUE,f=f,g=F,h=false,i=False,j=FALSE",
                        "b||a=B:true,b=B:true,c=B:true,d=B:true,e=B:true,f=B:false,g=B:false,h=B:false,i=B:false,j=B:false|-"),
                Arguments.of("n a=-1.5E-3,b=1e3,c=.5,d=1.,e=-0", "n||a=F:-0.0015,b=F:1000.0,c=F:0.5,d=F:1.0,e=F:-0.0|-"),
                Arguments.of("n a=9223372036854775807i,b=-9223372036854775808i", "n||a=I:9223372036854775807,b=I:-9223372036854775808|-"),
                Arguments.of("n a=123456789.123456789", "n||a=F:1.2345678912345679E8|-"),
                Arguments.of("t v=1 -1", "t||v=F:1.0|-1"),
                Arguments.of("t v=1 1700000000000   ", "t||v=F:1.0|1700000000000"),
                Arguments.of("t v=1 1700000000000\r", "t||v=F:1.0|1700000000000"),
                Arguments.of("cpu", "ERR line 1: missing fields"),
                Arguments.of("cpu,host=a", "ERR line 1: missing fields"),
                Arguments.of("cpu ", "ERR line 1: missing fields"),
                Arguments.of("cpu value=", "ERR line 1: missing field value"),
                Arguments.of("cpu value", "ERR line 1: missing field value"),
                Arguments.of("cpu =1", "ERR line 1: missing field key"),
                Arguments.of("cpu value=abc", "ERR line 1: invalid number"),
                Arguments.of("cpu value=1x", "ERR line 1: invalid number"),
                Arguments.of("cpu value=NaN", "ERR line 1: invalid number"),
                Arguments.of("cpu value=1i2", "ERR line 1: invalid number"),
                Arguments.of("cpu value=9223372036854775808i", "ERR line 1: invalid number: value out of range"),
                Arguments.of("cpu value=-1u", "ERR line 1: invalid number: unsigned value is negative"),
                Arguments.of("cpu value=tru", "ERR line 1: invalid boolean"),
                Arguments.of("cpu,host value=1", "ERR line 1: missing tag value"),
                Arguments.of("cpu,host= value=1", "ERR line 1: missing tag value"),
                Arguments.of("cpu,=a value=1", "ERR line 1: missing tag key"),
                Arguments.of(",host=a value=1", "ERR line 1: missing measurement"),
                Arguments.of("cpu value=1 abc", "ERR line 1: bad timestamp"),
                Arguments.of("cpu value=1 12 13", "ERR line 1: unexpected text after timestamp"),
                Arguments.of("cpu value=\"x", "ERR line 1: unbalanced quotes"),
                Arguments.of("cpu value=1 99999999999999999999", "ERR line 1: bad timestamp"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void parsesOneLine(String line, String expected) {
        assertThat(parse(line, 1)).containsExactly(expected);
    }

    @Test
    void mixedBodyKeepsGoodLinesAndNumbersBadOnes() {
        String body = "# comment\n"
                + "a v=1 1\n"
                + "\n"
                + "b v=oops 2\n"
                + "c s=\"two\nlines\" 3\n"
                + "d\n"
                + "   e v=5i 5\r\n"
                + "f v=6 6";
        assertThat(parse(body, 1)).containsExactly(
                "a||v=F:1.0|1",
                "ERR line 4: invalid number",
                "c||s=S:two\nlines|3",
                "ERR line 7: missing fields",
                "e||v=I:5|5",
                "f||v=F:6.0|6");
    }

    @Test
    void precisionScalesTimestampsAndRejectsOverflow() {
        assertThat(parse("t v=1 1700000000", 1_000_000_000L)).containsExactly("t||v=F:1.0|1700000000000000000");
        assertThat(parse("t v=1 1700000000000", 3_600_000_000_000L)).containsExactly("ERR line 1: bad timestamp: out of range for the precision");
    }

    @Test
    void keepsOriginalTextForForwarding() {
        byte[] bytes = "m\\ x,t=a\\,b f=\"q\\\"\" 42\n".getBytes(StandardCharsets.UTF_8);
        List<String> lp = new ArrayList<>();
        new LineProtocolParser().parse(bytes, 0, bytes.length, 1_000, new LineProtocolParser.Handler() {
            @Override public void point(ParsedLine l) { lp.add(l.toLineProtocol(7)); }
            @Override public void error(int line, String why) { lp.add(why); }
        });
        assertThat(lp).containsExactly("m\\ x,t=a\\,b f=\"q\\\"\" 42000");
    }

    @Test
    void nanosecondLinesAreForwardedAsSentAndOthersCanonically() {
        byte[] bytes = "a v=1 42\nb v=2  43\nc v=3\n".getBytes(StandardCharsets.UTF_8);
        List<String> lp = new ArrayList<>();
        new LineProtocolParser().parse(bytes, 0, bytes.length, 1, new LineProtocolParser.Handler() {
            @Override public void point(ParsedLine l) { lp.add(l.toLineProtocol(7)); }
            @Override public void error(int line, String why) { lp.add(why); }
        });
        assertThat(lp).containsExactly("a v=1 42", "b v=2 43", "c v=3 7");
    }
}
