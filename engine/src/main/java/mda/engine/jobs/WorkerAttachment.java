package mda.engine.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;

/**
 * Follows a worker job that some earlier UI session started, by polling its job row (the worker mirrors its
 * progress there) and watching its pid. Progress reaches the listener on a polling thread. When the process
 * dies leaving the row RUNNING, the row is marked INTERRUPTED. Obtain one with {@link WorkerProcess#attach}.
 */
public final class WorkerAttachment {
    static final long DEFAULT_POLL_MILLIS = 200;
    /** A process that started this long after the job row was written is not the job's worker (pid reuse). */
    private static final long PID_REUSE_SLACK_MS = 2_000;

    private final Project project;
    private final long jobId;
    private final ProcessHandle handle;
    private final ProgressListener listener;
    private final long pollMillis;
    private final CompletableFuture<WorkerOutcome> outcome = new CompletableFuture<>();
    private final RateEstimator rate = new RateEstimator();
    private volatile boolean detached;

    private WorkerAttachment(Project project, long jobId, ProcessHandle handle, ProgressListener listener,
                             long pollMillis) {
        this.project = project;
        this.jobId = jobId;
        this.handle = handle;
        this.listener = listener == null ? ProgressListener.none() : listener;
        this.pollMillis = pollMillis;
    }

    static Optional<WorkerAttachment> attach(Project project, long jobId, ProgressListener listener, long pollMillis) {
        JobRecord row = project.jobs().get(jobId).orElseThrow(() ->
                new IllegalArgumentException("cannot attach: no job with id " + jobId + " in " + project.dbFile()));
        if (row.state() != JobState.RUNNING) {
            return Optional.empty();
        }
        Optional<ProcessHandle> h = row.pid() == null ? Optional.empty()
                : ProcessHandle.of(row.pid()).filter(ProcessHandle::isAlive).filter(p -> startedBefore(p, row));
        if (h.isEmpty()) {
            project.jobs().markStaleInterrupted();
            return Optional.empty();
        }
        WorkerAttachment a = new WorkerAttachment(project, jobId, h.get(), listener, pollMillis);
        Thread t = new Thread(a::poll, "mda-worker-attach-" + jobId);
        t.setDaemon(true);
        t.start();
        return Optional.of(a);
    }

    private static boolean startedBefore(ProcessHandle p, JobRecord row) {
        Optional<Instant> start = p.info().startInstant();
        return start.isEmpty() || start.get().toEpochMilli() <= row.created() + PID_REUSE_SLACK_MS;
    }

    public long jobId() {
        return jobId;
    }

    public long pid() {
        return handle.pid();
    }

    /** Waits for the job to end; the exit code in the outcome is -1 (the worker is not our child). */
    public WorkerOutcome waitFor() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Waits at most {@code timeout}; empty while the job is still running. */
    public Optional<WorkerOutcome> waitFor(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Asks the worker to cancel through the project (a setting the worker polls) and returns at once; after
     * {@code grace} it gets SIGTERM, after another {@code grace} it is killed.
     */
    public void cancel(Duration grace) {
        project.settings().put(WorkerMain.cancelKey(jobId), "cancelled by the user");
        Thread t = new Thread(() -> {
            try {
                handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException | InterruptedException e) {
                // still running: the harder steps below
            }
            if (handle.isAlive()) {
                handle.destroy();
                try {
                    handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException | InterruptedException e) {
                    handle.destroyForcibly();
                }
            }
        }, "mda-worker-attach-cancel-" + jobId);
        t.setDaemon(true);
        t.start();
    }

    /** Stops following the job, which goes on running; {@link #waitFor()} then throws. */
    public void detach() {
        detached = true;
        outcome.completeExceptionally(new IllegalStateException("stopped following job " + jobId));
    }

    private void poll() {
        JobRecord seen = null;
        try {
            while (!detached) {
                boolean alive = handle.isAlive(); // read before the row, so a final row written at exit is seen
                JobRecord row = row();
                if (row.state().isFinal()) {
                    finish(row, row.state(), row.error());
                    return;
                }
                if (seen != null && !Objects.equals(seen.phase(), row.phase())) {
                    rate.reset();
                }
                if (seen == null || !sameProgress(seen, row)) {
                    emit(row, JobState.RUNNING, row.message());
                    seen = row;
                }
                if (!alive) {
                    String message = WorkerOutcome.diedMessage("the worker process (pid " + handle.pid()
                            + ") ended", null);
                    project.jobs().setState(jobId, JobState.INTERRUPTED, message);
                    finish(row, JobState.INTERRUPTED, message);
                    return;
                }
                Thread.sleep(pollMillis);
            }
        } catch (InterruptedException e) {
            outcome.completeExceptionally(e);
        } catch (RuntimeException e) {
            outcome.completeExceptionally(new IllegalStateException("stopped following job " + jobId + ": "
                    + e.getMessage(), e));
        }
    }

    private JobRecord row() {
        return project.jobs().get(jobId).orElseThrow(() ->
                new IllegalStateException("job " + jobId + " vanished from " + project.dbFile()));
    }

    private void finish(JobRecord row, JobState state, String error) {
        emit(row, state, error != null ? error : row.message());
        outcome.complete(new WorkerOutcome(state, -1, state == JobState.DONE ? null : error, jobId));
    }

    private void emit(JobRecord row, JobState state, String message) {
        String phase = row.phase() == null ? "" : row.phase();
        double r = rate.update(row.done(), row.updated());
        try {
            listener.onProgress(new ProgressEvent(jobId, phase, row.done(), row.total(), r,
                    rate.etaSeconds(row.done(), row.total()), message, row.updated(), state));
        } catch (RuntimeException e) {
            System.err.println("attached progress listener failed: " + e);
        }
    }

    private static boolean sameProgress(JobRecord a, JobRecord b) {
        return Objects.equals(a.phase(), b.phase()) && a.done() == b.done() && a.total() == b.total()
                && Objects.equals(a.message(), b.message());
    }
}
