package mda.engine.jobs;

/**
 * A long piece of work (train, fit, score, intervene) with typed parameters held by the implementing object.
 * It reports progress and checks cancellation through its {@link JobContext}, persists its own results, and
 * skips stages already stored so that a rerun after an interruption resumes.
 *
 * @param <R> the result handed back to an in-process caller
 */
public interface Job<R> {
    /** A stable name for the job row and the worker protocol, e.g. {@code train}. */
    String kind();

    R run(JobContext ctx) throws Exception;
}
