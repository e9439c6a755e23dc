package mda.engine.jobs;

import java.util.Optional;
import mda.engine.store.JobRecord;
import mda.engine.store.Project;

/** What a running job sees of its runner: progress reporting, cancellation, logging and the project store. */
public interface JobContext {
    /**
     * Reports progress; {@code total ≤ 0} means unknown. A new phase restarts the rate estimate.
     *
     * @param phase short name of the current stage, e.g. {@code fit-covariance}
     * @param done units finished in this phase (it may start above 0 when resuming)
     * @param message free text shown after the bar, may be null
     */
    void progress(String phase, long done, long total, String message);

    /** Throws {@link JobCancelledException} once cancellation was requested; call it between units of work. */
    void checkCancelled() throws JobCancelledException;

    boolean cancelled();

    /** A line for the user (CLI: printed above the bar; worker: a log event). */
    void log(String line);

    /** The job row id, or 0 when running without a project. */
    long jobId();

    /** The project the job reads and writes, when it runs with one. */
    Optional<Project> project();

    /** The interrupted earlier attempt with the same kind and parameters, which this run resumes. */
    Optional<JobRecord> resumes();
}
