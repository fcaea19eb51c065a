package io.baton.testkit.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A real PostgreSQL from {@link PostgresExtension}: SQL, a crash and a restart, a pause and a resume. */
@ExtendWith(PostgresExtension.class)
class PostgresServerTest {
    /** What a client that gives up after one second adds to the URL. */
    static final String ONE_SECOND = "&connectTimeout=1&loginTimeout=1&socketTimeout=1";
    static PostgresServer fromBeforeAll;

    @BeforeAll
    static void schema(PostgresServer pg) throws SQLException {
        fromBeforeAll = pg;
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, test TEXT NOT NULL)");
        }
    }

    @Test
    void oneServerPerClassOnLoopbackBelowTheEphemeralRange(PostgresServer pg) throws SQLException {
        assertThat(pg).isSameAs(fromBeforeAll);
        assertThat(pg.host()).isEqualTo("127.0.0.1");
        assertThat(pg.user()).isEqualTo("baton");
        assertThat(pg.port()).isBetween(1024, 32767);
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?user=baton");
        assertThat(pg.isRunning()).isTrue();
        assertThat(pg.log()).exists();
        assertThat(query(pg.jdbcUrl(), "SELECT current_user")).isEqualTo("baton");
        assertThat(query(pg.jdbcUrl(), "SHOW fsync")).isEqualTo("off");
        assertThat(query(pg.jdbcUrl(), "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        int major = Integer.parseInt(query(pg.jdbcUrl(), "SHOW server_version_num")) / 10000;
        assertThat(major).isGreaterThanOrEqualTo(15);
    }

    @Test
    void settingsGivenAtStartWinOverTheDefaults() throws SQLException {
        try (PostgresServer own = PostgresServer.start("fsync=on", "synchronous_commit=on")) {
            assertThat(query(own.jdbcUrl(), "SHOW fsync")).isEqualTo("on");
            assertThat(query(own.jdbcUrl(), "SHOW synchronous_commit")).isEqualTo("on");
        }
        assertThatThrownBy(() -> PostgresServer.start("fsync=on; rm -rf /")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsSql(PostgresServer pg) throws SQLException {
        insert(pg, "sql", 1, 2, 3, 4, 5);
        assertThat(query(pg.jdbcUrl(), "SELECT count(*) FROM item WHERE test = 'sql'")).isEqualTo("5");
        assertThat(query(pg.jdbcUrl(), "SELECT sum(id) FROM item WHERE test = 'sql'")).isEqualTo("15");  // 1+2+3+4+5
    }

    @Test
    void committedRowsSurviveACrashAndTheUncommittedOnesDoNot(PostgresServer pg) throws Exception {
        insert(pg, "crash", 101, 102, 103);
        int port = pg.port();
        try (Connection open = DriverManager.getConnection(pg.jdbcUrl())) {
            open.setAutoCommit(false);
            try (Statement s = open.createStatement()) {
                s.executeUpdate("INSERT INTO item VALUES (104, 'crash'), (105, 'crash')");  // never committed
            }
            pg.crash();
            assertThat(pg.isRunning()).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl() + ONE_SECOND)).isInstanceOf(SQLException.class);
        }

        pg.startAgain();

        assertThat(pg.port()).isEqualTo(port);
        assertThat(query(pg.jdbcUrl(), "SELECT count(*) FROM item WHERE test = 'crash'")).isEqualTo("3");
        assertThat(Files.readString(pg.log())).contains("database system was not properly shut down; automatic recovery in progress");
    }

    @Test
    void aStopAndAStartKeepThePortAndTheData(PostgresServer pg) throws SQLException {
        insert(pg, "stop", 201, 202);
        int port = pg.port();
        pg.stop();
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl() + ONE_SECOND)).isInstanceOf(SQLException.class);
        pg.startAgain();
        assertThat(pg.port()).isEqualTo(port);
        assertThat(query(pg.jdbcUrl(), "SELECT count(*) FROM item WHERE test = 'stop'")).isEqualTo("2");
    }

    @Test
    void aPausedServerLetsAOneSecondClientTimeOutAndAnswersAgainAfterResume(PostgresServer pg) throws SQLException {
        insert(pg, "pause", 301);
        pg.pause();
        try {
            assertThat(pg.isPaused()).isTrue();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl() + ONE_SECOND)).isInstanceOf(SQLException.class);
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);
            // not refused at once: the kernel accepts, the frozen server never answers, the client gives up
            assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        } finally {
            pg.resume();
        }
        assertThat(pg.isPaused()).isFalse();
        assertThat(query(pg.jdbcUrl() + ONE_SECOND, "SELECT count(*) FROM item WHERE test = 'pause'")).isEqualTo("1");
    }

    @Test
    void createDatabaseGivesAnEmptyDatabaseOfThatName(PostgresServer pg) throws SQLException {
        String url = pg.createDatabase("fresh_db");
        assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/fresh_db?user=baton");
        assertThat(query(url, "SELECT current_database()")).isEqualTo("fresh_db");
        assertThat(query(url, "SELECT to_regclass('item') IS NULL")).isEqualTo("t");
        assertThatThrownBy(() -> pg.createDatabase("Robert'); DROP TABLE item;--")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeAfterPauseStopsTheServerAndDeletesItsFiles() throws Exception {
        PostgresServer own = PostgresServer.start();
        Path dir = own.log().getParent();
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
        assertThat(running(postmaster)).isTrue();
        own.pause();
        assertThat(Files.readString(Path.of("/proc/" + postmaster + "/stat"))).as("stopped by SIGSTOP").matches("(?s)\\d+ \\(.*\\) T .*");

        own.close();

        assertThat(dir).doesNotExist();
        assertThat(running(postmaster)).isFalse();
        assertThatThrownBy(() -> DriverManager.getConnection(own.jdbcUrl() + ONE_SECOND)).isInstanceOf(SQLException.class);
        own.close();  // twice is fine
        assertThatThrownBy(own::startAgain).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void findsTheServerBinaries() {
        Path bin = PostgresServer.findBinaries();
        assertThat(bin).isNotNull();
        assertThat(bin.resolve("initdb")).isExecutable();
        assertThat(bin.resolve("pg_ctl")).isExecutable();
    }

    /**
     * Whether a process exists and is not a zombie. The postmaster is daemonized by pg_ctl, so its parent is init,
     * and an init that does not reap leaves an exited postmaster as a zombie, which {@link ProcessHandle#isAlive()}
     * still counts as alive.
     */
    @Test
    void missingBinariesAreAnErrorThatNamesTheDebianPackage(@TempDir Path empty) {
        assertThatThrownBy(() -> PostgresServer.requireBinaries(empty.resolve("postgresql"), empty.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("initdb, pg_ctl")
                .hasMessageContaining("install the Debian package postgresql");
    }

    @Test
    void theHighestVersionWinsAndPathIsTheFallback(@TempDir Path root) throws Exception {
        Path versions = root.resolve("postgresql");
        for (String v : new String[] {"9.6", "15", "13"}) fakeBinaries(versions.resolve(v).resolve("bin"));
        Files.createDirectories(versions.resolve("16/bin"));  // no binaries in it: not a candidate
        assertThat(PostgresServer.findBinaries(versions, null)).isEqualTo(versions.resolve("15/bin"));

        Path onPath = fakeBinaries(root.resolve("elsewhere"));
        assertThat(PostgresServer.findBinaries(root.resolve("none"), root.resolve("nothing") + ":" + onPath)).isEqualTo(onPath);
    }

    private static Path fakeBinaries(Path bin) throws java.io.IOException {
        Files.createDirectories(bin);
        for (String tool : new String[] {"initdb", "pg_ctl"}) {
            Path f = Files.createFile(bin.resolve(tool));
            assertThat(f.toFile().setExecutable(true)).isTrue();
        }
        return bin;
    }

    private static boolean running(long pid) throws java.io.IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) return false;
        String s;
        try {
            s = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
        return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
    }

    private static void insert(PostgresServer pg, String test, int... ids) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
            for (int id : ids) {
                ps.setInt(1, id);
                ps.setString(2, test);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String query(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
