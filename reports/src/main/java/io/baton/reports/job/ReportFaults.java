package io.baton.reports.job;

/**
 * A hook called before each chunk of segments is written, with the number of nodes written so far.
 * The default does nothing; restart tests register one that fails once, as a crash in the middle of a
 * step would.
 */
@FunctionalInterface
public interface ReportFaults {

    /** Called inside the chunk's transaction; throwing rolls the chunk back and fails the step. */
    void beforeWrite(long nodesWritten);
}
