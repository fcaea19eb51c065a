package io.baton.reports.job;

import io.baton.state.Fence;
import java.util.function.Supplier;

/**
 * The report's writes that decide what billing sees (staged segments, published files): in the service,
 * each runs through the leader's {@link Fence}, in the caller's transaction, so a replica whose epoch is
 * no longer the leader's writes nothing ({@link io.baton.engine.port.StaleEpochException}); without a
 * fence (the {@code baton report} tool, which runs outside the election) they run as they are.
 */
final class ReportWrites {
    private final Fence fence;

    /** @param fence the leader's fence, or null for a tool outside the election */
    ReportWrites(Fence fence) {
        this.fence = fence;
    }

    <T> T fenced(String what, Supplier<T> body) {
        return fence == null ? body.get() : fence.write(what, j -> body.get());
    }
}
