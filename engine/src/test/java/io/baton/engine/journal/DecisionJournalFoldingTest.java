package io.baton.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only the rules' repeats fold; each planned request keeps its own entry, so its answer names its own decision. */
class DecisionJournalFoldingTest {

    static Decision rule(int amount) {
        return new Decision(null, DecisionKind.SCALE_OUT, "web", amount, null, "CPU above 80% adds 2 nodes", List.of(), "rules");
    }

    @Test
    void aRuleThatKeepsMatchingDuringACooldownLeavesOneEntryWithACount() {
        DecisionJournal j = new DecisionJournal(100);
        JournalEntry first = j.record(1_000, rule(2), 0, Outcome.SUPPRESSED, List.of("cooldown"));
        JournalEntry again = j.record(2_000, rule(2), 0, Outcome.SUPPRESSED, List.of("cooldown"));
        assertThat(j.all()).hasSize(1);
        assertThat(again.seq()).isEqualTo(first.seq());
        assertThat(again.repeats()).isEqualTo(2);
        assertThat(again.lastTime()).isEqualTo(2_000);
    }

    @Test
    void identicalPlannedRequestsThatWereNotCarriedOutEachKeepTheirOwnEntry() {
        DecisionJournal j = new DecisionJournal(100);
        Decision a = Decision.requested(DecisionKind.SCALE_OUT, "web", 2, "acme");
        Decision b = Decision.requested(DecisionKind.SCALE_OUT, "web", 20, "acme");
        JournalEntry first = j.record(1_000, a, 2, Outcome.DRY_RUN, List.of("dry-run"));
        JournalEntry second = j.record(2_000, b, 20, Outcome.DRY_RUN, List.of("dry-run"));
        JournalEntry third = j.record(3_000, Decision.requested(DecisionKind.SCALE_OUT, "web", 2, "acme"), 2, Outcome.DRY_RUN, List.of("dry-run"));
        assertThat(j.all()).hasSize(3);
        assertThat(List.of(first.seq(), second.seq(), third.seq())).containsExactly(1L, 2L, 3L);
        assertThat(second.decisionId()).isEqualTo(b.getId()).isNotEqualTo(first.decisionId());
        assertThat(second.requested()).isEqualTo(20);
        assertThat(third.repeats()).isEqualTo(1);
    }
}
