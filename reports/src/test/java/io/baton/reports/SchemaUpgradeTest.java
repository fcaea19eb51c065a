package io.baton.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.state.SchemaMigration;
import io.baton.testkit.influx.InfluxServer;
import io.baton.testkit.pg.PostgresExtension;
import io.baton.testkit.pg.PostgresServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The Spring Batch tables moved from Boot's initializer ({@code spring.batch.jdbc.initialize-schema: always}) into
 * Flyway (schema version 2, IF NOT EXISTS). Databases an earlier Baton left behind, with the batch tables made by
 * Spring Batch's own {@code schema-<vendor>.sql} (what that initializer ran), migrate and keep their rows; replicas
 * migrating an empty database at the same moment all succeed at once (Flyway alone lets the second try to baseline
 * the history table the first has just created).
 */
@ExtendWith(PostgresExtension.class)
class SchemaUpgradeTest {
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    private static final AtomicInteger DBS = new AtomicInteger();
    @TempDir Path dir;

    /** Flyway as the service configures it (application.yml and the state module's vendor location). */
    private static Flyway flyway(DataSource ds, String vendor) {
        return Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/batch/" + vendor)
                .baselineOnMigrate(true).baselineVersion("0").load();
    }

    /** The batch tables as the old initializer made them, one job instance in them, and the usage segments table the report made. */
    private static void oldBatchTables(DataSource ds, String vendor) {
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-" + vendor + ".sql")).execute(ds);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        long id = jdbc.queryForObject(vendor.equals("h2") ? "SELECT NEXT VALUE FOR BATCH_JOB_INSTANCE_SEQ" : "SELECT nextval('batch_job_instance_seq')", Long.class);
        jdbc.update("INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY) VALUES (?, 0, 'usageReport', 'from-the-old-baton')", id);
        jdbc.execute("CREATE TABLE IF NOT EXISTS baton_usage_segment (instance_id BIGINT NOT NULL, customer VARCHAR(200) NOT NULL, "
                + "service VARCHAR(200) NOT NULL, software VARCHAR(200) NOT NULL, pool VARCHAR(200) NOT NULL, node VARCHAR(200) NOT NULL, "
                + "cores INT NOT NULL, day_start BIGINT NOT NULL, start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL)");
    }

    private static List<String> applied(DataSource ds) {
        return new JdbcTemplate(ds).queryForList("SELECT \"version\" || ':' || \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"", String.class);
    }

    @Test
    void anH2FileWithTheBatchTablesOfTheOldInitializerIsBaselinedMigratedAndStillRunsReports() {
        String url = "jdbc:h2:file:" + dir.resolve("data/batch/baton") + ";AUTO_SERVER=TRUE";
        DriverManagerDataSource ds = new DriverManagerDataSource(url);
        oldBatchTables(ds, "h2");

        new SchemaMigration().migrate(flyway(ds, "h2"));

        assertThat(applied(ds)).containsExactly("0:TRUE", "1:TRUE", "2:TRUE", "3:TRUE");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        assertThat(jdbc.queryForList("SELECT JOB_KEY FROM BATCH_JOB_INSTANCE", String.class)).containsExactly("from-the-old-baton");
        assertThat(jdbc.queryForObject("SELECT NEXT VALUE FOR BATCH_JOB_INSTANCE_SEQ", Long.class)).as("the sequence goes on").isEqualTo(2L);

        UsageReportTest.writeHistory(influx);
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ReportsTestApp.class).web(WebApplicationType.NONE).properties(
                "spring.datasource.url=" + url, "spring.flyway.baseline-on-migrate=true", "spring.flyway.baseline-version=0",
                "spring.batch.job.enabled=false", "baton.reports.enabled=false", "baton.pools.shop-web.customer=acme", "baton.pools.lab.customer=initech",
                "baton.influx.url=" + influx.url(), "baton.influx.database=" + UsageReportTest.DB).run()) {
            UsageReportRunner.Result r = ctx.getBean(UsageReportRunner.class).run(UsageReportTest.FROM, UsageReportTest.TO, "", dir.resolve("out").toString(), true);
            assertThat(r.ok()).as(r.message()).isTrue();
            assertThat(jdbc.queryForList("SELECT JOB_KEY FROM BATCH_JOB_INSTANCE ORDER BY JOB_INSTANCE_ID", String.class))
                    .hasSize(2).first().isEqualTo("from-the-old-baton");
        }
    }

    @Test
    void aPostgresqlDatabaseAtSchemaVersionOneWithTheOldBatchTablesMigratesAndKeepsItsRows(PostgresServer pg) {
        DriverManagerDataSource ds = new DriverManagerDataSource(pg.createDatabase("upgrade" + DBS.incrementAndGet()));
        Flyway.configure().dataSource(ds).target("1").load().migrate(); // what a Baton of schema version 1 applied
        oldBatchTables(ds, "postgresql");

        new SchemaMigration().migrate(flyway(ds, "postgresql"));

        assertThat(applied(ds)).containsExactly("1:true", "2:true", "3:true");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        assertThat(jdbc.queryForList("SELECT job_key FROM batch_job_instance", String.class)).containsExactly("from-the-old-baton");
        assertThat(jdbc.queryForObject("SELECT nextval('batch_job_instance_seq')", Long.class)).isEqualTo(2L);
    }

    @Test
    void replicasMigratingAnEmptyPostgresqlDatabaseAtTheSameMomentAllSucceed(PostgresServer pg) throws Exception {
        for (int round = 0; round < 3; round++) {
            String url = pg.createDatabase("together" + DBS.incrementAndGet());
            int replicas = 3;
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Boolean>> all = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                DriverManagerDataSource ds = new DriverManagerDataSource(url);
                all.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    SchemaMigration schema = new SchemaMigration();
                    schema.migrate(flyway(ds, "postgresql"));
                    return schema.done(); // false: it failed, and only a retry in the background would migrate
                }));
            }
            go.countDown();
            for (CompletableFuture<Boolean> f : all) assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
            DriverManagerDataSource ds = new DriverManagerDataSource(url);
            assertThat(applied(ds)).as("round " + round).containsExactly("1:true", "2:true", "3:true");
            assertThat(new JdbcTemplate(ds).queryForObject("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'batch\\_%'", Integer.class))
                    .isEqualTo(6);
        }
    }
}
