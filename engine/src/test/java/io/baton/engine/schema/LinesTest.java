package io.baton.engine.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import io.baton.engine.rules.RuleError;
import io.baton.engine.rules.RuleReload;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lines and queries of the schema, each worked out by hand from the line protocol and InfluxQL grammars. */
class LinesTest {
    static final PoolTags ACME = new PoolTags("acme", "shop", "nginx:1.27");

    @Test
    void aMetricCarriesThePoolsCatalogTagsAndANanosecondTimestamp() {
        assertThat(Lines.metric("cpu", "web", "web-1", ACME, 42.5, 1_700_000_000_123L))
                .isEqualTo("cpu,customer=acme,node=web-1,pool=web,service=shop,software=nginx:1.27 value=42.5 1700000000123000000");
        assertThat(Lines.metric("up", "web", "", null, 1, 5L)).isEqualTo("up,pool=web value=1.0 5000000");
        assertThat(Lines.metric("cpu", "web", "n", ACME, Double.NaN, 1L)).isNull();
        assertThat(Lines.metric("cpu", "web", "n", ACME, Double.POSITIVE_INFINITY, 1L)).isNull();
    }

    @Test
    void tagsAndMeasurementsEscapeCommasSpacesAndEqualsSigns() {
        assertThat(Lines.metric("a b,c", "p=1", "n 1,x", null, 2, 1L)).isEqualTo("a\\ b\\,c,node=n\\ 1\\,x,pool=p\\=1 value=2.0 1000000");
        assertThat(Lines.metric("m\nx", "p", "n\r", null, 0, 0L)).isEqualTo("m\\ x,node=n\\ ,pool=p value=0.0 0");
    }

    @Test
    void aLifecycleRowHasItsCoresDecisionAndState() {
        LifecycleEvent e = new LifecycleEvent("acme", "shop", "nginx", "web", "web-1", 4, NodeState.RUNNING, "d-\"7\"\\", 2_000L, "x");
        assertThat(Lines.lifecycle(e)).isEqualTo(
                "node_lifecycle,customer=acme,node=web-1,pool=web,service=shop,software=nginx cores=4i,decision=\"d-\\\"7\\\"\\\\\",state=\"RUNNING\" 2000000002");
    }

    @Test
    void eachStateOfOneNodeInTheSameMillisecondIsItsOwnPointInLifecycleOrder() {
        long[] ns = new long[NodeState.values().length];
        for (NodeState s : NodeState.values()) {
            String line = Lines.lifecycle(new LifecycleEvent("acme", "shop", "nginx", "web", "web-1", 4, s, "d", 7L, ""));
            ns[s.ordinal()] = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        }
        // 7 ms = 7,000,000 ns; REQUESTED, STARTING, RUNNING, DRAINING, TERMINATED, FAILED 0 to 5 ns later
        assertThat(ns).containsExactly(7_000_000L, 7_000_001L, 7_000_002L, 7_000_003L, 7_000_004L, 7_000_005L);
    }

    @Test
    void aDecisionWritesNoneForAnEmptyTagAndJoinsItsReasons() {
        JournalEntry e = new JournalEntry(1, 3_000L, "dec-1", "web", "CPU above 80% adds 2", "engine", "scale_out", null, 2, 1,
                Outcome.CLAMPED, List.of("max 3", "quota"), List.of(), 1, 3_000L, Set.of());
        assertThat(Lines.decision(e, null)).isEqualTo("decision,pool=web,customer=none,action=scale_out,outcome=CLAMPED "
                + "rule=\"CPU above 80% adds 2\",requester=\"engine\",requested=2i,approved=1i,decision_id=\"dec-1\",node=\"\","
                + "reasons=\"max 3; quota\" 3000000000");
        JournalEntry r = new JournalEntry(2, 4L, "dec-2", "my pool", "node crashed", "engine", "replace", "web-9", 1, 1,
                Outcome.EXECUTED, List.of(), List.of(), 1, 4L, Set.of());
        assertThat(Lines.decision(r, "acme")).startsWith("decision,pool=my\\ pool,customer=acme,action=replace,outcome=EXECUTED ")
                .contains(",node=\"web-9\",reasons=\"\" 4000000");
    }

    @Test
    void aRuleReloadCountsItsErrorsAndListsThem() {
        RuleReload bad = new RuleReload(10L, RuleReload.Outcome.REJECTED, 3,
                List.of(new RuleError("bad.drl", 7, "mismatched input 'then'"), new RuleError("b.drl", 1, "x")));
        assertThat(Lines.ruleReload(bad)).isEqualTo("rule_reload,outcome=REJECTED version=3i,errors=2i,"
                + "error=\"" + new RuleError("bad.drl", 7, "mismatched input 'then'") + "; " + new RuleError("b.drl", 1, "x") + "\" 10000000");
        assertThat(Lines.ruleReload(new RuleReload(1L, RuleReload.Outcome.LOADED, 4, List.of())))
                .isEqualTo("rule_reload,outcome=LOADED version=4i,errors=0i,error=\"\" 1000000");
    }

    @Test
    void poolNodesCountsOneStateOfOnePool() {
        assertThat(Lines.poolNodes("web", ACME, NodeState.STARTING, 3, 7L))
                .isEqualTo("pool_nodes,customer=acme,pool=web,service=shop,software=nginx:1.27,state=STARTING nodes=3i 7000000");
    }

    @Test
    void aFailedPromQlRoundNamesItsPoolMetricQueryAndError() {
        assertThat(Lines.promqlFailure("web", ACME, "queue_depth", "sum(q{a=\"b\"})", "HTTP 400: parse error", 3, 9L))
                .isEqualTo("promql_failure,customer=acme,pool=web,service=shop,software=nginx:1.27,metric=queue_depth "
                        + "promql=\"sum(q{a=\\\"b\\\"})\",error=\"HTTP 400: parse error\",failures=3i 9000000");
    }

    @Test
    void theReportQueriesNameTheSchemasMeasurementsTagsAndFields() {
        Instant from = Instant.ofEpochMilli(1_000), to = Instant.ofEpochMilli(2_000);
        assertThat(ReportQueries.lifecycleBefore(from, "o'brien")).isEqualTo("SELECT last(\"state\") AS \"state\", last(\"cores\") AS \"cores\""
                + " FROM \"node_lifecycle\" WHERE time < 1000000000 AND \"customer\" = 'o\\'brien'"
                + " GROUP BY \"customer\", \"service\", \"software\", \"pool\", \"node\"");
        assertThat(ReportQueries.lifecycleIn(from, to, "")).isEqualTo("SELECT \"state\", \"cores\" FROM \"node_lifecycle\""
                + " WHERE time >= 1000000000 AND time < 2000000000 GROUP BY \"customer\", \"service\", \"software\", \"pool\", \"node\"");
        assertThat(ReportQueries.cpuSecondsPerDay(from, to)).isEqualTo("SELECT spread(\"value\") AS \"used\" FROM \"cpu_seconds_total\""
                + " WHERE time >= 1000000000 AND time < 2000000000 GROUP BY time(1d), \"pool\", \"node\" fill(none)");
        assertThat(ReportQueries.actionsPerDay(from, to)).isEqualTo("SELECT count(\"approved\") AS \"n\" FROM \"decision\""
                + " WHERE time >= 1000000000 AND time < 2000000000 AND (\"outcome\" = 'EXECUTED' OR \"outcome\" = 'CLAMPED')"
                + " GROUP BY time(1d), \"pool\", \"action\" fill(none)");
    }
}
