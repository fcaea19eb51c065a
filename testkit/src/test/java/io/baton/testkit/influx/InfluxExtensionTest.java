package io.baton.testkit.influx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfluxExtension.class)
class InfluxExtensionTest {
    private String db;
    private static InfluxServer seen;

    @BeforeEach
    void setUp(InfluxServer influx) {
        db = influx.newDatabase();
    }

    @Test
    void injectsARunningServer(InfluxServer influx) {
        assertThat(influx.isRunning()).isTrue();
        influx.write(db, "up value=1 1700000000000");
        assertThat(influx.count(db, "SELECT count(value) FROM up")).isEqualTo(1);
        if (seen != null) assertThat(influx).isSameAs(seen);
        seen = influx;
    }

    @Test
    void sameServerForTheWholeClass(InfluxServer influx) {
        if (seen != null) assertThat(influx).isSameAs(seen);
        seen = influx;
        assertThat(influx.url()).startsWith("http://");
    }
}
