package io.baton.collectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.collectors.CountingSink;
import io.baton.collectors.influx.InfluxProperties;
import io.baton.collectors.influx.InfluxSink;
import io.baton.collectors.sinks.RawLineSink;
import io.baton.collectors.sinks.SinkFanout;
import io.baton.engine.port.MetricSink;
import io.baton.testkit.influx.InfluxServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class IngestBackpressureTest {
    @RegisterExtension
    static InfluxServer influx = InfluxServer.perClass();
    @TempDir
    Path spool;

    @Test
    void aFullSinkRefusesWholeRequestsAndTheEngineSeesNothingOfThem() {
        InfluxProperties p = new InfluxProperties();
        p.setUrl(influx.url());
        p.setDatabase(influx.newDatabase());
        p.setSpoolDir(spool.toString());
        p.setBatchSize(100);
        p.setBufferCapacity(300);
        p.setSpoolMaxSize(DataSize.ofKilobytes(4));
        p.setRetryInterval(Duration.ofMillis(50));
        influx.stop();
        CountingSink engine = new CountingSink();
        try (InfluxSink sink = new InfluxSink(p, Map.of())) {
            IngestService service = new IngestService(new SinkFanout(() -> Stream.<MetricSink>of(engine, sink), () -> Stream.<RawLineSink>of(sink)),
                    "pool", "host", Duration.ofMillis(300));
            long acceptedSamples = 0;
            IngestResult last = null;
            for (int request = 0; request < 100; request++) {
                StringBuilder body = new StringBuilder();
                for (int i = 0; i < 100; i++) body.append("m,pool=web,host=h1 value=").append(i).append(' ').append(request * 100L + i).append('\n');
                byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                last = service.ingest(bytes, bytes.length, 1, 0);
                if (last.overloaded()) break;
                acceptedSamples += last.samples();
            }
            assertThat(last.overloaded()).isTrue();
            assertThat(engine.count.get()).isEqualTo(acceptedSamples);  // the refused request reached no sink
            assertThat(sink.stats().refused()).isEqualTo(100);
            assertThat(sink.stats().dropped()).isZero();
        }
    }
}
