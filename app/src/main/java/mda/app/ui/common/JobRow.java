package mda.app.ui.common;

import mda.engine.store.JobState;

/**
 * One line of the workbench's jobs table: a job running (or just ended) in a worker process.
 *
 * @param key the workbench's own id for the entry (stable while the job is followed)
 * @param label what the job works on, e.g. {@code train run toy}
 * @param runId the run the job trains, or −1 for a job of another kind
 * @param jobId the job row in the project, 0 until the worker has created it
 * @param pid the worker process
 * @param attached whether the workbench re-attached to a job an earlier session started
 * @param progress in [0, 1], or −1 while unknown
 * @param text the phase, progress and message, or how the job ended
 */
public record JobRow(long key, String kind, String label, long runId, long jobId, long pid, boolean attached,
                     JobState state, double progress, String text) {
    /** Whether the worker may still be running. */
    public boolean live() {
        return !state.isFinal();
    }

    JobRow with(long newJobId, JobState newState, double newProgress, String newText) {
        return new JobRow(key, kind, label, runId, newJobId, pid, attached, newState, newProgress, newText);
    }
}
