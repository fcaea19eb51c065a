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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every decision with its reason, newest last, bounded in size. A decision that was not carried out
 * and repeats the pool's previous entry exactly is folded into it, so a rule that keeps matching
 * during a cooldown leaves one entry with a count rather than one per second. Folding is O(1): each
 * entry sits in a slot that the pool's index points at. Thread-safe.
 */
public final class DecisionJournal {
    private final int capacity;
    private final Deque<Slot> entries = new ArrayDeque<>();
    private final Map<String, Slot> lastByPool = new HashMap<>();
    private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();
    private long seq;

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
        JournalEntry e;
        synchronized (this) {
            JournalEntry fresh = JournalEntry.of(seq + 1, time, d, approved, outcome, reasons);
            Slot prev = lastByPool.get(d.getPool());
            boolean foldable = outcome != Outcome.EXECUTED && outcome != Outcome.CLAMPED;
            if (foldable && prev != null && prev.entry.sameAs(fresh)) {
                prev.entry = prev.entry.repeated(time);
                return prev.entry;
            }
            seq++;
            Slot slot = new Slot(fresh);
            entries.addLast(slot);
            lastByPool.put(d.getPool(), slot);
            while (entries.size() > capacity) {
                Slot old = entries.removeFirst();
                lastByPool.remove(old.entry.pool(), old);
            }
            e = fresh;
        }
        for (DecisionListener l : listeners) l.onDecision(e);
        return e;
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
