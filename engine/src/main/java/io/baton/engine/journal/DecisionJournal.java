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
 * Every decision with its reason, newest last, bounded in size. Suppressed or deferred decisions that
 * repeat the pool's previous entry exactly are folded into it, so a rule that keeps matching during a
 * cooldown leaves one entry with a count rather than one per second. Thread-safe.
 */
public final class DecisionJournal {
    private final int capacity;
    private final Deque<JournalEntry> entries = new ArrayDeque<>();
    private final Map<String, JournalEntry> lastByPool = new HashMap<>();
    private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();
    private long seq;

    public DecisionJournal(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a listener told of each new entry (not of folded repeats). */
    public void addListener(DecisionListener listener) { listeners.add(listener); }

    /** Records what became of {@code d} and returns the entry. */
    public JournalEntry record(long time, Decision d, int approved, Outcome outcome, List<String> reasons) {
        JournalEntry e;
        synchronized (this) {
            JournalEntry fresh = JournalEntry.of(++seq, time, d, approved, outcome, reasons);
            JournalEntry prev = lastByPool.get(d.getPool());
            boolean foldable = outcome != Outcome.EXECUTED && outcome != Outcome.CLAMPED;
            if (foldable && prev != null && prev.sameAs(fresh) && entries.peekLast() != null) {
                JournalEntry rep = prev.repeated(time);
                replace(prev, rep);
                lastByPool.put(d.getPool(), rep);
                seq--;
                return rep;
            }
            entries.addLast(fresh);
            lastByPool.put(d.getPool(), fresh);
            while (entries.size() > capacity) entries.removeFirst();
            e = fresh;
        }
        for (DecisionListener l : listeners) l.onDecision(e);
        return e;
    }

    private void replace(JournalEntry old, JournalEntry rep) {
        // the folded entry is usually the newest or near it: search from the end
        List<JournalEntry> tail = new ArrayList<>();
        Iterator<JournalEntry> it = entries.descendingIterator();
        while (it.hasNext()) {
            JournalEntry e = it.next();
            it.remove();
            if (e.seq() == old.seq()) {
                entries.addLast(rep);
                break;
            }
            tail.add(e);
        }
        for (int i = tail.size() - 1; i >= 0; i--) entries.addLast(tail.get(i));
    }

    /** The newest {@code limit} entries, newest first, optionally only for {@code pool} (null for all). */
    public synchronized List<JournalEntry> recent(String pool, int limit) {
        List<JournalEntry> out = new ArrayList<>();
        Iterator<JournalEntry> it = entries.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            JournalEntry e = it.next();
            if (pool == null || pool.equals(e.pool())) out.add(e);
        }
        return out;
    }

    /** All entries, oldest first. */
    public synchronized List<JournalEntry> all() { return new ArrayList<>(entries); }
}
