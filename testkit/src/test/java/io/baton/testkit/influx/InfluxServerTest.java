package io.baton.testkit.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfluxServerTest {

    @RegisterExtension
    static InfluxServer influx = InfluxServer.perClass();

    @Test
    void startsAndAnswersPing() throws Exception {
        assertThat(influx.isRunning()).isTrue();
        HttpResponse<Void> ping = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(influx.url() + "/ping")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(ping.statusCode()).isEqualTo(204);
    }

    @Test
    void writesAndQueriesRowsWithTags() {
        String db = influx.newDatabase();
        influx.write(db, "cpu,pool=web,node=n1 value=42.5 1700000000000",
                "cpu,pool=web,node=n2 value=7 1700000001000");

        List<Map<String, Object>> rows = influx.query(db, "SELECT value, node FROM cpu WHERE pool='web' ORDER BY time");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("time", 1700000000000L).containsEntry("node", "n1").containsEntry("value", 42.5);
        assertThat(rows.get(1)).containsEntry("node", "n2");
        assertThat(influx.count(db, "SELECT count(value) FROM cpu")).isEqualTo(2);
    }

    @Test
    void groupByTagsAppearInRows() {
        String db = influx.newDatabase();
        influx.writeWithPrecision(db, "s", "mem,node=a value=1 1700000000", "mem,node=b value=2 1700000000", "mem,node=b value=3 1700000001");

        List<Map<String, Object>> rows = influx.query(db, "SELECT count(value) FROM mem GROUP BY node");

        assertThat(rows).extracting(r -> r.get("node") + "=" + r.get("count")).containsExactly("a=1", "b=2");
        assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("_series", "mem"));
    }

    @Test
    void eachDatabaseIsFresh() {
        String a = influx.newDatabase();
        String b = influx.newDatabase();
        assertThat(a).isNotEqualTo(b);
        influx.write(a, "x value=1 1700000000000");
        assertThat(influx.count(b, "SELECT count(value) FROM x")).isZero();
    }

    @Test
    void restartKeepsPortAndData() {
        String db = influx.newDatabase();
        String url = influx.url();
        influx.write(db, "lifecycle,node=n1 state=\"RUNNING\" 1700000000000");

        influx.stop();
        assertThat(influx.isRunning()).isFalse();
        assertThatThrownBy(() -> influx.query(db, "SELECT * FROM lifecycle")).isInstanceOf(IllegalStateException.class);

        influx.start();
        assertThat(influx.url()).isEqualTo(url);
        assertThat(influx.query(db, "SELECT state FROM lifecycle")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("state", "RUNNING"));
    }

    @Test
    void queryErrorsThrowWithInfluxMessage() {
        assertThatThrownBy(() -> influx.query("no_such_db_here", "SELECT * FROM x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("database not found");
    }

    @Test
    void stoppedServerIsStartedAgainBeforeNextTest() {
        // whichever test runs after restartKeepsPortAndData or a failed test finds the server up
        influx.stop();
        influx.start();
        assertThat(influx.isRunning()).isTrue();
    }
}
