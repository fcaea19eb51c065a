package io.baton.engine.journal;

import io.baton.engine.model.Decision;
import io.baton.engine.port.DecisionListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every decision with its reason, newest last, bounded in size. A rule's decision that was not carried
 * out and repeats the previous entry of its pool and node exactly is folded into it, so a rule that
 * keeps matching during a cooldown (or while healing is paused, one node after another) leaves one
 * entry per node with a count rather than one per second. A planned request is never folded: each is
 * someone's own request, and its answer names its own entry. Folding is O(1): each entry sits in a slot that
 * the index of its pool and node points at. Thread-safe.
 */
public final class DecisionJournal {
    private final int capacity;
    private final Deque<Slot> entries = new ArrayDeque<>();
    private final Map<String, Slot> lastByKey = new HashMap<>();
    private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();
    private long seq;
    /** The requester of the rules' own decisions. */
    private static final String RULES = "rules";

    private static final class Slot {
        JournalEntry entry;
        Slot(JournalEntry entry) { this.entry = entry; }
    }

    public DecisionJournal(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a listener told of each new entry (not of folded repeats). */
    public void addListener(DecisionListener listener) { listeners.add(listener); }

    /** Records what became of {@code d} and returns the entry. */
    public JournalEntry record(long time, Decision d, int approved, Outcome outcome, List<String> reasons) {
        return record(time, d, approved, outcome, reasons, Set.of());
    }

    /** Records what became of {@code d}, with the guardrails that changed or stopped it, and returns the entry. */
    public JournalEntry record(long time, Decision d, int approved, Outcome outcome, List<String> reasons, Set<Limit> limits) {
        JournalEntry e;
        synchronized (this) {
            JournalEntry fresh = JournalEntry.of(seq + 1, time, d, approved, outcome, reasons, limits);
            String key = key(fresh);
            Slot prev = lastByKey.get(key);
            boolean foldable = !outcome.acted() && RULES.equals(fresh.requester());
            if (foldable && prev != null && prev.entry.sameAs(fresh)) {
                prev.entry = prev.entry.repeated(time);
                return prev.entry;
            }
            seq++;
            Slot slot = new Slot(fresh);
            entries.addLast(slot);
            lastByKey.put(key, slot);
            while (entries.size() > capacity) {
                Slot old = entries.removeFirst();
                lastByKey.remove(key(old.entry), old);
            }
            e = fresh;
        }
        for (DecisionListener l : listeners) l.onDecision(e);
        return e;
    }

    private static String key(JournalEntry e) {
        return e.node() == null ? e.pool() : e.pool() + '\u0000' + e.node();
    }

    /** The newest {@code limit} entries, newest first, optionally only for {@code pool} (null for all). */
    public synchronized List<JournalEntry> recent(String pool, int limit) {
        List<JournalEntry> out = new ArrayList<>();
        Iterator<Slot> it = entries.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            JournalEntry e = it.next().entry;
            if (pool == null || pool.equals(e.pool())) out.add(e);
        }
        return out;
    }

    /** All entries, oldest first. */
    public synchronized List<JournalEntry> all() {
        List<JournalEntry> out = new ArrayList<>(entries.size());
        for (Slot s : entries) out.add(s.entry);
        return out;
    }
}
