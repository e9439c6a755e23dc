package mda.engine.jobs;

import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;

/**
 * Runs jobs in this JVM (CLI and tests). With a project it records a job row: RUNNING with this process's pid,
 * then DONE, FAILED (with the one-line error) or CANCELLED, keeping the last progress. Before starting it marks
 * jobs left RUNNING by dead processes as INTERRUPTED and tells the job which earlier attempt it resumes.
 */
public final class JobRunner {
    private final LongSupplier clock;
    private final long dbIntervalMillis;

    /** A runner on the wall clock that mirrors progress into the project at most once a second. */
    public JobRunner() {
        this(System::currentTimeMillis, 1000);
    }

    JobRunner(LongSupplier clock, long dbIntervalMillis) {
        this.clock = clock;
        this.dbIntervalMillis = dbIntervalMillis;
    }

    /** Shorthand for {@code new JobRunner().run(...)}. */
    public static <R> R runInProcess(Project project, Job<R> job, String paramsJson, ProgressListener listener,
                                     CancellationToken token) throws Exception {
        return new JobRunner().run(project, job, paramsJson, listener, token);
    }

    /**
     * Runs {@code job} on the calling thread and returns its result, or rethrows what it threw
     * ({@link JobCancelledException} when it stopped on cancellation).
     *
     * @param project where the job row is recorded; null runs without one
     * @param paramsJson the job's parameters as JSON, stored with the row and used to find an attempt to resume
     * @param listener receives every progress event and the final one; null for none
     * @param token cancellation flag checked by the job; null for one that is never set
     */
    public <R> R run(Project project, Job<R> job, String paramsJson, ProgressListener listener,
                     CancellationToken token) throws Exception {
        return run(project, job, paramsJson, listener, token, id -> { });
    }

    /** As {@link #run}, telling {@code onStart} the job row id (0 without a project) before the job starts. */
    <R> R run(Project project, Job<R> job, String paramsJson, ProgressListener listener, CancellationToken token,
              LongConsumer onStart) throws Exception {
        String params = paramsJson == null ? "{}" : paramsJson;
        ProgressListener l = listener == null ? ProgressListener.none() : listener;
        CancellationToken t = token == null ? new CancellationToken() : token;
        long jobId = 0;
        Optional<JobRecord> resumes = Optional.empty();
        if (project != null) {
            project.jobs().markStaleInterrupted();
            resumes = project.jobs().lastInterrupted(job.kind(), params);
            jobId = project.jobs().insert(job.kind(), params, JobState.RUNNING, ProcessHandle.current().pid());
        }
        onStart.accept(jobId);
        InProcessContext ctx = new InProcessContext(project, jobId, job.kind(), l, t, clock, dbIntervalMillis, resumes);
        R result;
        try {
            result = job.run(ctx);
        } catch (JobCancelledException e) {
            end(ctx, JobState.CANCELLED, e.getMessage(), e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            boolean cancelled = t.isCancelled();
            end(ctx, cancelled ? JobState.CANCELLED : JobState.FAILED,
                    cancelled ? "cancelled: " + t.reason() : "interrupted", e);
            throw e;
        } catch (Throwable e) {
            end(ctx, JobState.FAILED, oneLine(e), e);
            throw e;
        }
        ctx.finish(JobState.DONE, null);
        return result;
    }

    /** Records the end without hiding the job's own exception should the store fail too. */
    private static void end(InProcessContext ctx, JobState state, String error, Throwable cause) {
        try {
            ctx.finish(state, error);
        } catch (RuntimeException storeFailure) {
            cause.addSuppressed(storeFailure);
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
