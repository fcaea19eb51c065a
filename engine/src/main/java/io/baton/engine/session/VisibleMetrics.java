package io.baton.engine.session;

import io.baton.engine.model.PoolMetric;
import java.util.HashSet;
import java.util.Set;
import org.drools.base.base.ClassObjectType;
import org.drools.base.rule.IndexableConstraint;
import org.drools.base.util.index.ConstraintTypeOperator;
import org.drools.core.reteoo.AlphaNode;
import org.drools.core.reteoo.ObjectSink;
import org.drools.core.reteoo.ObjectTypeNode;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.mvel.accessors.ClassFieldReader;
import org.kie.api.KieBase;

/**
 * Which pool metrics the rules can see at all. When every pattern that can match a {@link PoolMetric} starts
 * by testing its metric against a literal ({@code PoolMetric(metric == "cpu", ...)}, as every sentence of the
 * policy language does), the network drops a fact of any other metric at its first node, so telling the session
 * that such a fact changed does nothing: the engine then leaves those updates out. The answer is read from the
 * compiled network of each rule set; anything the reading does not recognise (a pattern over any metric, a
 * first test on another field, a network it cannot read) means every metric is seen.
 */
final class VisibleMetrics {
    private VisibleMetrics() { }

    /** The metrics some pattern can see, or null when that may be any metric. */
    static Set<String> of(KieBase base) {
        try {
            if (!(base instanceof InternalKnowledgeBase kb)) return null;
            Set<String> seen = new HashSet<>();
            for (ObjectTypeNode otn : kb.getRete().getObjectTypeNodes()) {
                if (!(otn.getObjectType() instanceof ClassObjectType type) || !type.getClassType().isAssignableFrom(PoolMetric.class)) {
                    if (!(otn.getObjectType() instanceof ClassObjectType)) return null; // a kind of node not understood here
                    continue;
                }
                for (ObjectSink sink : otn.getObjectSinkPropagator().getSinks()) {
                    String metric = metricLiteral(sink);
                    if (metric == null) return null;
                    seen.add(metric);
                }
            }
            return Set.copyOf(seen);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The literal of a {@code metric == "..."} test at {@code sink}, or null when it is anything else. */
    private static String metricLiteral(ObjectSink sink) {
        if (!(sink instanceof AlphaNode alpha) || !(alpha.getConstraint() instanceof IndexableConstraint c)) return null;
        if (c.getConstraintType() != ConstraintTypeOperator.EQUAL || c.getField() == null) return null;
        if (!(c.getFieldExtractor() instanceof ClassFieldReader reader) || !"metric".equals(reader.getFieldName())) return null;
        return c.getField().getValue() instanceof String s ? s : null;
    }
}
