package io.baton.reports.job;

/**
 * Hooks called at the two moments a run can be cut off with effect: before each chunk of segments is
 * written (with the number of nodes written so far), and before the staged files are published. The
 * defaults do nothing; restart and failover tests register one that fails once or holds the run, as a
 * crash or a pause there would.
 */
@FunctionalInterface
public interface ReportFaults {

    /** Called inside the chunk's transaction; throwing rolls the chunk back and fails the step. */
    void beforeWrite(long nodesWritten);

    /** Called once the files are staged under temporary names, before the fenced publication. */
    default void beforePublish() { }
}
