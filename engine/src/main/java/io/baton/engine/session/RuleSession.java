package io.baton.engine.session;

import io.baton.engine.model.Decision;
import io.baton.engine.rules.RuleSet;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieServices;
import org.kie.api.builder.Results;
import org.kie.api.builder.Message;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Drools session in STREAM mode and the handles of the facts the engine owns. Decisions that
 * rules insert are caught as they are inserted and taken out again after each firing, so none piles
 * up in working memory. Not thread-safe: only the engine thread touches it, which is also what gates
 * inserts while {@link #swap(RuleSet)} runs.
 */
final class RuleSession implements AutoCloseable {
    private final KieServices ks = KieServices.Factory.get();
    private static final Logger log = LoggerFactory.getLogger(RuleSession.class);
    private final boolean pseudo;
    private KieContainer container;
    private KieSession session;
    private final Map<Object, FactRef> handles = new IdentityHashMap<>();
    private final List<Decision> inserted = new ArrayList<>();
    private RuleSet ruleSet;
    private final Standings standings;

    RuleSession(RuleSet ruleSet, boolean pseudoClock, long startMillis) {
        this(ruleSet, pseudoClock, startMillis, new Standings());
    }

    /** A session whose floors and targets (facts rules insert logically) are mirrored into {@code standings}. */
    RuleSession(RuleSet ruleSet, boolean pseudoClock, long startMillis, Standings standings) {
        this.standings = standings;
        this.pseudo = pseudoClock;
        this.ruleSet = ruleSet;
        ruleSet.ensureInstalled();
        this.container = ks.newKieContainer(ruleSet.releaseId());
        this.session = open(container, startMillis);
        this.visibleMetrics = VisibleMetrics.of(container.getKieBase());
    }

    /** The pool metrics a pattern of the running rules can see; null when that may be any (see {@link VisibleMetrics}). */
    private Set<String> visibleMetrics;
    /** Counts the rule sets this session ran, so a cached answer of {@link #sees(String)} knows when to ask again. */
    private int generation;

    /** Whether a pattern of the running rules can see a pool metric named {@code metric}. */
    boolean sees(String metric) {
        return visibleMetrics == null || visibleMetrics.contains(metric);
    }

    /** Changes whenever the rules change (a swap or a fresh session). */
    int generation() { return generation; }

    /** A session over {@code c} at {@code time} that catches the decisions rules insert. */
    private KieSession open(KieContainer c, long time) {
        KieSession s = newSession(c, pseudo);
        if (pseudo) ((SessionPseudoClock) s.getSessionClock()).advanceTime(time, TimeUnit.MILLISECONDS);
        s.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override public void objectInserted(ObjectInsertedEvent event) {
                if (event.getObject() instanceof Decision d) inserted.add(d);
                else standings.inserted(event.getObject());
            }

            @Override public void objectDeleted(ObjectDeletedEvent event) {
                if (!(event.getOldObject() instanceof Decision)) standings.deleted(event.getOldObject());
            }
        });
        return s;
    }

    static KieSession newSession(KieContainer container, boolean pseudo) {
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.get(pseudo ? "pseudo" : "realtime"));
        return container.getKieBase().newKieSession(conf, null);
    }

    /** A throw-away session over the same rules, for what-if questions. */
    KieSession scratchSession(long now) {
        KieSession s = newSession(container, true);
        ((SessionPseudoClock) s.getSessionClock()).advanceTime(now, TimeUnit.MILLISECONDS);
        return s;
    }

    RuleSet ruleSet() { return ruleSet; }

    /** The session's time, epoch millis. */
    long now() { return session.getSessionClock().getCurrentTime(); }

    /** Moves the pseudo clock forward to {@code time} (no-op for the realtime clock or a time in the past). */
    void advanceTo(long time) {
        if (!pseudo) return;
        long delta = time - clock().getCurrentTime();
        if (delta > 0) clock().advanceTime(delta, TimeUnit.MILLISECONDS);
    }

    private SessionPseudoClock clock() { return (SessionPseudoClock) session.getSessionClock(); }

    void insert(Object fact) { insertRef(fact); }

    /** Inserts {@code fact} and returns its reference, for {@link #update(FactRef)}. */
    FactRef insertRef(Object fact) {
        FactRef ref = new FactRef(fact, session.insert(fact));
        handles.put(fact, ref);
        return ref;
    }

    /** Inserts the fact of a reference made before it went into the session, and gives the reference its handle. */
    void insert(FactRef ref) {
        ref.handle = session.insert(ref.fact);
        handles.put(ref.fact, ref);
    }

    /** Inserts an event that the engine does not track (a raw sample); it expires by itself. */
    void insertEvent(Object event) { session.insert(event); }

    /** The reference of a fact in the session, or null when it is not (or no longer) there. */
    FactRef ref(Object fact) { return handles.get(fact); }

    /** Updates a fact inserted with {@link #insertRef(Object)}; nothing when it was deleted since. */
    void update(FactRef ref) {
        if (!ref.deleted) session.update(ref.handle, ref.fact);
    }

    void delete(Object fact) {
        FactRef r = handles.remove(fact);
        if (r != null) {
            r.deleted = true;
            session.delete(r.handle);
        }
    }

    /**
     * What one firing did: the decisions the rules inserted, and, when it reached the limit, the rules
     * that fired most.
     */
    record Fired(List<Decision> decisions, boolean runaway, List<String> topRules) { }

    /**
     * Fires what matches, at most {@code limit} times, and returns the decisions the rules inserted,
     * removing them from the session. When the limit is reached the decisions are dropped and the
     * result names the rules that fired most, found by firing once more with a counter.
     */
    Fired fire(int limit) {
        int n;
        try {
            n = session.fireAllRules(limit);
        } catch (RuntimeException e) {
            dropInserted();
            throw e;
        }
        List<Decision> out = inserted.isEmpty() ? List.of() : new ArrayList<>(inserted);
        inserted.clear();
        for (Decision d : out) {
            FactHandle h = session.getFactHandle(d);
            if (h != null) session.delete(h);
        }
        if (n < limit) return new Fired(out, false, List.of());
        return new Fired(List.of(), true, topRules(Math.min(limit, 1000)));
    }

    private List<String> topRules(int sample) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        org.kie.api.event.rule.AgendaEventListener counter = new org.kie.api.event.rule.DefaultAgendaEventListener() {
            @Override public void afterMatchFired(org.kie.api.event.rule.AfterMatchFiredEvent e) {
                counts.merge(e.getMatch().getRule().getName(), 1, Integer::sum);
            }
        };
        session.addEventListener(counter);
        try {
            session.fireAllRules(sample);
        } finally {
            session.removeEventListener(counter);
        }
        dropInserted();
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(3).map(Map.Entry::getKey).toList();
    }

    /** Takes out of the session the decisions a firing inserted and forgets them. */
    private void dropInserted() {
        for (Decision d : inserted) {
            FactHandle h = session.getFactHandle(d);
            if (h != null) session.delete(h);
        }
        inserted.clear();
    }

    /**
     * Swaps in {@code next} in place: facts, and matches that already fired, stay, so an action already
     * taken is not taken again. When Drools cannot update the session in place (the incremental update
     * throws or reports errors), a fresh session over {@code next} takes its place with the engine's
     * facts inserted again: the rules then match anew, and the guardrails' cooldowns, which live
     * outside the session, keep anything done from being done again. Returns the rule set that ran
     * before, for release.
     */
    RuleSet swap(RuleSet next) {
        next.ensureInstalled();
        try {
            Results results = container.updateToVersion(next.releaseId());
            if (results.hasMessages(Message.Level.ERROR)) throw new IllegalStateException(String.valueOf(results.getMessages(Message.Level.ERROR)));
        } catch (RuntimeException e) {
            log.warn("rules version {} could not be swapped in place ({}); starting a fresh session over it", next.version(), e.toString());
            reopen(next);
        }
        RuleSet previous = ruleSet;
        ruleSet = next;
        visibleMetrics = VisibleMetrics.of(container.getKieBase());
        generation++;
        return previous;
    }

    private void reopen(RuleSet next) {
        long now = now();
        KieContainer fresh = ks.newKieContainer(next.releaseId());
        KieSession s = open(fresh, now);
        for (FactRef r : handles.values()) r.handle = s.insert(r.fact);
        KieSession old = session;
        KieContainer oldContainer = container;
        session = s;
        container = fresh;
        inserted.clear();
        standings.clear();
        try {
            old.dispose();
            oldContainer.dispose();
        } catch (RuntimeException e) {
            log.warn("disposing the old session failed: {}", e.toString());
        }
    }

    long factCount() { return session.getFactCount(); }

    @Override public void close() {
        session.dispose();
        container.dispose();
    }
}
