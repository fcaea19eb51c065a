package io.baton.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's InfluxDB, started through the repository's bench/influxd-throwaway.sh: it answers, keeps its data in its dir, and stops. */
class InfluxProcessTest {
    static final Path SCRIPT = Path.of("../bench/influxd-throwaway.sh");
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void startsAnInfluxdThatAnswersAndKeepsItsDataUnderItsDirUntilClosed(@TempDir Path dir) throws Exception {
        String url;
        try (InfluxProcess influx = InfluxProcess.start(SCRIPT, dir.resolve("influx"))) {
            url = influx.url();
            assertThat(url).startsWith("http://127.0.0.1:");
            assertThat(get(url + "/ping").statusCode()).isEqualTo(204);
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url + "/query"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("q=CREATE+DATABASE+demo")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(Files.readString(dir.resolve("influx/influxdb.conf")))
                    .contains("dir = \"" + dir.resolve("influx").toRealPath() + "/meta\"")
                    .contains("bind-address = \"" + url.substring("http://".length()) + "\"");
            assertThat(dir.resolve("influx/meta/meta.db")).isRegularFile();
        }
        assertThatThrownBy(() -> get(url + "/ping")).isInstanceOf(IOException.class);
    }

    HttpResponse<Void> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
