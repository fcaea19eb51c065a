package io.baton.collectors.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.collectors.CountingSink;
import io.baton.collectors.influx.InfluxProperties;
import io.baton.collectors.influx.InfluxSink;
import io.baton.collectors.ingest.IngestAuthority;
import io.baton.collectors.ingest.IngestGate;
import io.baton.collectors.ingest.IngestService;
import io.baton.collectors.sinks.RawLineSink;
import io.baton.collectors.sinks.SinkFanout;
import io.baton.engine.port.MetricSink;
import io.baton.testkit.influx.InfluxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

/** A full sink answers remote write with 503 and Retry-After, so Prometheus retries; what it refused reached no sink. */
class RemoteWriteBackpressureTest {
    @RegisterExtension
    static InfluxServer influx = InfluxServer.perClass();
    @TempDir Path spool;

    @Test
    void aFullSinkAnswers503WithRetryAfterAndTheRefusedSamplesReachNoSink() throws Exception {
        InfluxProperties p = new InfluxProperties();
        p.setUrl(influx.url());
        p.setDatabase(influx.newDatabase());
        p.setSpoolDir(spool.toString());
        p.setBatchSize(100);
        p.setBufferCapacity(300);
        p.setSpoolMaxSize(DataSize.ofKilobytes(4));
        p.setRetryInterval(Duration.ofMillis(50));
        influx.stop(); // InfluxDB down: the buffer and then the spool fill
        CountingSink engine = new CountingSink();
        try (InfluxSink sink = new InfluxSink(p, Map.of())) {
            IngestService service = new IngestService(new SinkFanout(() -> Stream.<MetricSink>of(engine, sink), () -> Stream.<RawLineSink>of(sink)),
                    "pool", "node", Duration.ofMillis(300));
            RemoteWriteController controller = new RemoteWriteController(service, IngestAuthority.single(""), IngestGate.OPEN, 10_000_000);
            long accepted = 0;
            ResponseEntity<String> last = null;
            for (int request = 0; request < 100; request++) {
                double[] samples = new double[200];
                for (int i = 0; i < 100; i++) {
                    samples[2 * i] = 1_767_225_600_000d + request * 100_000L + i * 1000L;
                    samples[2 * i + 1] = i;
                }
                MockHttpServletRequest req = new MockHttpServletRequest("POST", "/api/v1/write");
                req.addHeader("Content-Encoding", "snappy");
                req.setContent(Bodies.writeRequest(Map.entry(Map.of("__name__", "cpu", "pool", "web"), samples)));
                last = controller.write(req);
                if (last.getStatusCode().value() != 204) break;
                accepted += 100;
            }
            assertThat(last.getStatusCode().value()).as(last.getBody()).isEqualTo(503);
            assertThat(last.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(engine.count.get()).as("the refused request reached no sink").isEqualTo(accepted);
            assertThat(sink.stats().dropped()).as("nothing taken was dropped").isZero();
        }
    }
}
