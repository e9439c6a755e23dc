package mda.engine.jobs;

import mda.engine.store.JobState;

/**
 * How a worker job ended: DONE, FAILED, CANCELLED, or INTERRUPTED when its process died without reporting a
 * result (killed, crashed, out of memory).
 *
 * @param exitCode the worker's exit code; -1 when unknown (a re-attached process is not our child)
 * @param error the one-line reason for any state but DONE, null for DONE
 * @param jobId the job row, 0 when the worker died before creating it
 */
public record WorkerOutcome(JobState state, int exitCode, String error, long jobId) {
    public boolean succeeded() {
        return state == JobState.DONE;
    }

    /** The message for a worker that ended before reporting a result. */
    static String diedMessage(String who, String detail) {
        return who + " before finishing" + (detail == null || detail.isBlank() ? "" : " (" + detail + ")")
                + "; the project is intact; run the job again to resume";
    }
}
