package mda.engine.jobs;

import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;

/**
 * The context of a job run by {@link JobRunner} in this JVM: turns progress calls into events with rate and
 * ETA for the listener, and mirrors the latest progress into the job row at most once per interval (and on
 * every phase change) so that a busy loop does not turn into a stream of database writes.
 */
final class InProcessContext implements JobContext {
    private final Project project;
    private final long jobId;
    private final String kind;
    private final ProgressListener listener;
    private final CancellationToken token;
    private final LongSupplier clock;
    private final long dbIntervalMillis;
    private final Optional<JobRecord> resumes;
    private final RateEstimator rate = new RateEstimator();
    private ProgressEvent last;
    private long lastDbWrite = Long.MIN_VALUE;

    InProcessContext(Project project, long jobId, String kind, ProgressListener listener, CancellationToken token,
                     LongSupplier clock, long dbIntervalMillis, Optional<JobRecord> resumes) {
        this.project = project;
        this.jobId = jobId;
        this.kind = kind;
        this.listener = listener;
        this.token = token;
        this.clock = clock;
        this.dbIntervalMillis = dbIntervalMillis;
        this.resumes = resumes;
        this.last = new ProgressEvent(jobId, "", 0, 0, Double.NaN, Double.NaN, null, clock.getAsLong(),
                JobState.RUNNING);
    }

    @Override
    public void progress(String phase, long done, long total, String message) {
        if (done < 0) {
            throw new IllegalArgumentException(kind + " job reported negative progress " + done + " in phase " + phase);
        }
        String p = phase == null ? "" : phase;
        long now = clock.getAsLong();
        boolean newPhase = !Objects.equals(p, last.phase());
        if (newPhase) {
            rate.reset();
        }
        double r = rate.update(done, now);
        last = new ProgressEvent(jobId, p, done, total, r, rate.etaSeconds(done, total), message, now,
                JobState.RUNNING);
        listener.onProgress(last);
        if (project != null && (newPhase || now - lastDbWrite >= dbIntervalMillis)) {
            project.jobs().updateProgress(jobId, p, done, total, message);
            lastDbWrite = now;
        }
    }

    @Override
    public void checkCancelled() {
        if (token.isCancelled()) {
            throw new JobCancelledException(kind + " job" + (jobId > 0 ? " " + jobId : "") + " cancelled: "
                    + token.reason());
        }
    }

    @Override
    public boolean cancelled() {
        return token.isCancelled();
    }

    @Override
    public void log(String line) {
        listener.onLog(jobId, line);
    }

    @Override
    public long jobId() {
        return jobId;
    }

    @Override
    public Optional<Project> project() {
        return Optional.ofNullable(project);
    }

    @Override
    public Optional<JobRecord> resumes() {
        return resumes;
    }

    /** Records the final state (with the last progress) and sends the final event. */
    void finish(JobState state, String error) {
        ProgressEvent end = last.withState(state, error != null ? error : last.message(), clock.getAsLong());
        if (project != null) {
            project.inTransaction(() -> {
                project.jobs().updateProgress(jobId, end.phase(), end.done(), end.total(), last.message());
                project.jobs().setState(jobId, state, error);
                return null;
            });
        }
        listener.onProgress(end);
    }
}
