package io.baton.engine.port;

import io.baton.engine.journal.JournalEntry;

/** Receives every journal entry as it is recorded (for metrics, the terminal, or storage). */
public interface DecisionListener {

    /** Called on the engine thread; must return quickly. */
    void onDecision(JournalEntry entry);
}
