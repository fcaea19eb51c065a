package io.baton.collectors.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineBlockTest {

    private static String text(LineBlock b) {
        return new String(b.toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void stringsBecomeOneArrayOfLinesEachEndingInANewline() {
        LineBlock b = LineBlock.of(List.of("a v=1 1", "b,t=é v=2 2", "c v=3 3"));
        assertThat(b.lines()).isEqualTo(3);
        assertThat(text(b)).isEqualTo("a v=1 1\nb,t=é v=2 2\nc v=3 3\n");
        assertThat(b.byteLength()).isEqualTo(8 + 13 + 8);  // é is two bytes in UTF-8
        assertThat(b.toStrings()).containsExactly("a v=1 1", "b,t=é v=2 2", "c v=3 3");
    }

    @Test
    void slicesShareTheArrayAndCutAtLines() {
        LineBlock b = LineBlock.of(List.of("a v=1 1", "bb v=2 2", "ccc v=3 3", "d v=4 4"));
        LineBlock middle = b.slice(1, 2);
        assertThat(middle.array()).isSameAs(b.array());
        assertThat(middle.offset()).isEqualTo(8);
        assertThat(text(middle)).isEqualTo("bb v=2 2\nccc v=3 3\n");
        assertThat(middle.line(1)).isEqualTo("ccc v=3 3");
        LineBlock last = middle.slice(1, 1);
        assertThat(last.offset()).isEqualTo(17);
        assertThat(text(last)).isEqualTo("ccc v=3 3\n");
        assertThat(b.slice(0, 4)).isSameAs(b);
        assertThat(b.slice(2, 0)).isSameAs(LineBlock.EMPTY);
        assertThatThrownBy(() -> middle.slice(1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aBlockOverAnArrayNeedsEveryLineToEndInANewline() {
        byte[] bytes = "xx m v=1 1\nm v=2 2\n".getBytes(StandardCharsets.UTF_8);
        LineBlock b = LineBlock.of(bytes, 3, new int[] {11, 19, 0}, 2);
        assertThat(text(b)).isEqualTo("m v=1 1\nm v=2 2\n");
        assertThat(b.array()).isSameAs(bytes);
        assertThatThrownBy(() -> LineBlock.of(bytes, 3, new int[] {10}, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LineBlock.of(bytes, 3, new int[] {11, 11}, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LineBlock.of(bytes, 3, new int[] {11, 20}, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(LineBlock.of(bytes, 0, new int[0], 0)).isSameAs(LineBlock.EMPTY);
    }
}
