package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The client's own JSON reader and writer, and how a command line splits into amounts and options. */
class JsonAndArgsTest {

    @Test
    void readsWhatTheApiWrites() {
        Object v = Json.parse(" {\"name\":\"shop-web\",\"quote\":\"a \\\"b\\\" \\\\ \\u00e9\\n\",\"n\":-12,\"big\":12345678901234,"
                + "\"cpu\":85.5,\"exp\":1.5e3,\"flags\":[true,false,null],\"empty\":{},\"none\":[]} ");
        Map<String, Object> m = Json.object(v);
        assertThat(m).containsEntry("name", "shop-web").containsEntry("quote", "a \"b\" \\ é\n")
                .containsEntry("n", -12L).containsEntry("big", 12345678901234L).containsEntry("cpu", 85.5)
                .containsEntry("exp", 1500.0).containsEntry("empty", Map.of()).containsEntry("none", List.of());
        assertThat(Json.array(m.get("flags"))).containsExactly(true, false, null);
        assertThat(List.copyOf(m.keySet())).containsExactly("name", "quote", "n", "big", "cpu", "exp", "flags", "empty", "none");
    }

    @Test
    void writesCompactJsonThatReadsBackTheSame() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reasons", List.of("max 8 nodes", "tab\there \"quoted\""));
        m.put("approved", 2L);
        m.put("none", null);
        String text = Json.write(m);
        assertThat(text).isEqualTo("{\"reasons\":[\"max 8 nodes\",\"tab\\there \\\"quoted\\\"\"],\"approved\":2,\"none\":null}");
        assertThat(Json.parse(text)).isEqualTo(m);
    }

    @Test
    void badJsonNamesWhereItBroke() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,}")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 7");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessageContaining("expected ','");
        assertThatThrownBy(() -> Json.parse("\"open")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> Json.parse("<html>")).hasMessageContaining("unexpected '<'");
    }

    @Test
    void aNegativeAmountIsAnArgumentAndOptionsTakeValuesEitherWay() {
        Args a = Args.parse(new String[] {"scale", "shop-web", "-2", "--timeout=30", "--server", "http://h:1", "--wait"}, Set.of("timeout"), Set.of("wait"));
        assertThat(a.positional()).containsExactly("shop-web", "-2");
        assertThat(a.number("timeout", 300, 1, 86_400)).isEqualTo(30);
        assertThat(a.value("server", null)).isEqualTo("http://h:1");
        assertThat(a.flag("wait")).isTrue();
        assertThat(a.flag("json")).isFalse();
        assertThat(ScaleCommand.Amount.parse("-2")).isEqualTo(new ScaleCommand.Amount('-', 2));
        assertThat(ScaleCommand.Amount.parse("=10").body()).isEqualTo("{\"capacity\":10}");
        assertThat(ScaleCommand.Amount.parse("+6").body()).isEqualTo("{\"delta\":6}");
        assertThat(ScaleCommand.Amount.parse("-2").body()).isEqualTo("{\"delta\":-2}");
    }

    @Test
    void badCommandLinesAreUsageErrorsNamingTheProblem() {
        assertThatThrownBy(() -> Args.parse(new String[] {"pools", "--wait"}, Set.of(), Set.of()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exit).isEqualTo(Exit.USAGE)).hasMessageContaining("unknown option --wait for 'pools'");
        assertThatThrownBy(() -> Args.parse(new String[] {"decisions", "--limit"}, Set.of("limit"), Set.of())).hasMessageContaining("--limit needs a value");
        assertThatThrownBy(() -> Args.parse(new String[] {"pools", "--json=yes"}, Set.of(), Set.of())).hasMessageContaining("--json takes no value");
        assertThatThrownBy(() -> ScaleCommand.Amount.parse("six")).hasMessageContaining("+N to add nodes");
        assertThatThrownBy(() -> ScaleCommand.Amount.parse("+9999999999")).hasMessageContaining("+N to add nodes");
    }

    @Test
    void everyExitCodeIsDistinct() {
        assertThat(Set.of(Exit.values()).stream().map(e -> e.code).distinct().count()).isEqualTo(Exit.values().length);
        assertThat(Exit.OK.code).isZero();
        assertThat(List.of(Exit.USAGE.code, Exit.REFUSED.code, Exit.UNAUTHORIZED.code, Exit.UNREACHABLE.code)).containsExactly(2, 3, 4, 5);
    }
}
