package io.baton.engine.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.journal.Limit;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.NodeState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The replacement policy as one table: evidence, pool health, replacements in flight, and what follows. */
class ReplacementPolicyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                          | state    | nodes | running | unhealthy | inFlight | maxReplacing | dryRun | crashedBefore | outcome    | limit
        one silent node of four is replaced             | RUNNING  | 4     | 4       | 1         | 0        | 0            | false  | -1            | EXECUTED   |
        two of four unhealthy is not more than half     | RUNNING  | 4     | 4       | 2         | 0        | 0            | false  | -1            | EXECUTED   |
        three of four unhealthy pauses healing          | RUNNING  | 4     | 4       | 3         | 0        | 0            | false  | -1            | SUPPRESSED | HEALING_PAUSED
        a whole silent pool pauses healing              | RUNNING  | 4     | 4       | 4         | 0        | 0            | false  | -1            | SUPPRESSED | HEALING_PAUSED
        a crash is healed while healing is paused       | FAILED   | 3     | 3       | 3         | 0        | 0            | false  | 4             | EXECUTED   |
        a crash made good by a refill is not doubled    | FAILED   | 3     | 3       | 0         | 0        | 0            | false  | 3             | SUPPRESSED | ALREADY_MADE_GOOD
        default budget of a small pool is one node      | RUNNING  | 4     | 4       | 1         | 1        | 0            | false  | -1            | SUPPRESSED | REPLACEMENT_BUDGET
        default budget of ten nodes is two              | RUNNING  | 10    | 10      | 2         | 1        | 0            | false  | -1            | EXECUTED   |
        default budget of ten nodes used up            | RUNNING  | 10    | 10      | 3         | 2        | 0            | false  | -1            | SUPPRESSED | REPLACEMENT_BUDGET
        a configured budget of three                    | RUNNING  | 10    | 10      | 3         | 2        | 3            | false  | -1            | EXECUTED   |
        a node already being replaced                   | RUNNING  | 4     | 4       | 1         | -1       | 0            | false  | -1            | SUPPRESSED | NODE_STATE
        a draining node is not replaced                 | DRAINING | 4     | 3       | 0         | 0        | 0            | false  | -1            | SUPPRESSED | NODE_STATE
        a node no actuator knows is not replaced        |          | 4     | 4       | 0         | 0        | 0            | false  | -1            | SUPPRESSED | NODE_STATE
        dry-run records only                            | RUNNING  | 4     | 4       | 1         | 0        | 0            | true   | -1            | DRY_RUN    | DRY_RUN
        """)
    void judges(String name, NodeState state, int nodes, int running, int unhealthy, int inFlight, int maxReplacing,
                boolean dryRun, int crashedBefore, Outcome outcome, Limit limit) {
        GuardrailSettings s = new GuardrailSettings(Duration.ZERO, Duration.ZERO, 10, dryRun, true, 0.5, maxReplacing);
        ReplacementPolicy policy = new ReplacementPolicy();
        String target = "web-target";
        if (inFlight < 0) policy.accepted(replace("web-target"), NodeState.RUNNING);
        for (int i = 0; i < inFlight; i++) policy.accepted(replace("web-other-" + i), NodeState.RUNNING);
        if (crashedBefore >= 0) policy.crashed(target, crashedBefore);

        Verdict v = policy.judge(replace(target), nodes, state, new PoolHealth(running, unhealthy), s);

        assertThat(v.outcome()).isEqualTo(outcome);
        if (limit == null) assertThat(v.limits()).isEmpty();
        else assertThat(v.limits()).containsExactly(limit);
        assertThat(v.dispatch()).isEqualTo(outcome == Outcome.EXECUTED);
        if (outcome == Outcome.SUPPRESSED) assertThat(v.reasons()).singleElement().asString().isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                   | state   | kind
        a crashed node is made good by one more  | FAILED  | SCALE_OUT
        a node gone meanwhile likewise           |         | SCALE_OUT
        a live node is replaced in place         | RUNNING | REPLACE_NODE
        """)
    void dispatchesACrashAsOneMoreNode(String name, NodeState state, DecisionKind kind) {
        Decision out = ReplacementPolicy.dispatchable(replace("web-1"), state);
        assertThat(out.getKind()).isEqualTo(kind);
        assertThat(out.getAmount()).isEqualTo(1);
        assertThat(out.getId()).isEqualTo("d-web-1");
    }

    private static Decision replace(String node) {
        return new Decision("d-" + node, DecisionKind.REPLACE_NODE, "web", 1, node, "a rule", List.of(), "rules");
    }
}
