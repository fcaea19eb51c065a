package io.baton.collectors.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.collectors.sinks.LineBlock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The buffer's blocks become batches of at most the batch size, in order, without joining their bytes. */
class LineBufferTest {
    @TempDir
    Path dir;

    private static LineBlock lines(String... l) {
        return LineBlock.of(List.of(l));
    }

    private static String text(Batch b) {
        return new String(b.toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void batchesCutBlocksAtLinesAndKeepTheOrder() {
        LineBuffer buffer = new LineBuffer(100);
        LineBlock first = lines("a v=1 1", "b v=2 2", "c v=3 3");
        assertThat(buffer.offerAll(first, 0)).isTrue();
        assertThat(buffer.offer(lines("d v=4 4", "e v=5 5"), 0)).isEqualTo(2);
        assertThat(buffer.size()).isEqualTo(5);

        Batch one = buffer.drain(2);
        assertThat(one.lines()).isEqualTo(2);
        assertThat(one.parts()).singleElement().satisfies(p -> assertThat(p.bytes()).isSameAs(first.array()));
        assertThat(text(one)).isEqualTo("a v=1 1\nb v=2 2\n");
        Batch two = buffer.drain(2);  // the rest of the first block and the start of the second: two parts, not joined
        assertThat(two.parts()).hasSize(2);
        assertThat(two.bytes()).isEqualTo(16);
        assertThat(text(two)).isEqualTo("c v=3 3\nd v=4 4\n");
        assertThat(text(buffer.drain(10))).isEqualTo("e v=5 5\n");
        assertThat(buffer.drain(10)).isNull();
        assertThat(buffer.size()).isZero();
    }

    @Test
    void aFullBufferTakesWhatFitsOrNothing() {
        LineBuffer buffer = new LineBuffer(3);
        assertThat(buffer.offer(lines("a v=1 1", "b v=2 2"), 0)).isEqualTo(2);
        assertThat(buffer.offerAll(lines("c v=3 3", "d v=4 4"), 0)).isFalse();
        assertThat(buffer.offer(lines("c v=3 3", "d v=4 4"), 0)).isEqualTo(1);  // the first that fit, in order
        assertThat(text(buffer.drain(5))).isEqualTo("a v=1 1\nb v=2 2\nc v=3 3\n");
        assertThat(buffer.offerAll(lines("e v=5 5", "f v=6 6", "g v=7 7", "h v=8 8"), 0)).as("more than the capacity").isFalse();
    }

    @Test
    void theSpoolStoresABatchsBytesAndGivesThemBack() throws Exception {
        Spool spool = new Spool(dir, 1_000);
        Batch batch = Batch.of(List.of(lines("a v=1 1", "b v=2 2"), lines("c v=3 3").slice(0, 1)));
        assertThat(spool.append(batch)).isTrue();
        Spool.Segment s = spool.oldest();
        assertThat(s.lines()).isEqualTo(3);
        assertThat(s.bytes()).isEqualTo(24);
        assertThat(Files.readString(s.file())).isEqualTo("a v=1 1\nb v=2 2\nc v=3 3\n");
        Batch back = spool.read(s);
        assertThat(back.lines()).isEqualTo(3);
        assertThat(text(back)).isEqualTo("a v=1 1\nb v=2 2\nc v=3 3\n");
        assertThat(spool.append(Batch.of(new byte[977], 1))).as("past the cap").isFalse();
        // a segment of an earlier version (lines joined, no newline at the end) is read back as it is
        Files.writeString(dir.resolve(String.format("%020d.%d.lp", 7, 2)), "x v=1 1\ny v=2 2");
        Spool again = new Spool(dir, 1_000);
        again.removeOldest(again.oldest());
        assertThat(text(again.read(again.oldest()))).isEqualTo("x v=1 1\ny v=2 2");
    }
}
