package mda.app.ui.common;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mda.engine.jobs.ProgressEvent;
import mda.engine.jobs.ProgressListener;
import mda.engine.jobs.WorkerAttachment;
import mda.engine.jobs.WorkerOutcome;
import mda.engine.jobs.WorkerProcess;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;

/**
 * The workbench's job model: jobs it started in worker processes and jobs of earlier sessions it re-attached to
 * when the project was opened. Each shows as a {@link JobRow} whose progress follows the worker; when a worker ends,
 * the row and {@link #messageProperty()} say how, in words (a killed worker: exit code, project intact, Resume).
 * Leaving a project only stops following its jobs: the workers go on. Use on the FX thread.
 */
public final class WorkerJobs {
    private final ObservableList<JobRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final Map<Long, Tracked> tracked = new LinkedHashMap<>();
    private final List<Consumer<JobRow>> onEnd = new ArrayList<>();
    private Duration grace = WorkerProcess.DEFAULT_GRACE;
    private long nextKey = 1;

    /** A followed job: our own child process or an attachment to another session's worker. */
    private static final class Tracked {
        final long key;
        final AtomicReference<ProgressEvent> latest = new AtomicReference<>();
        WorkerProcess process;
        WorkerAttachment attachment;
        volatile boolean detached;
        boolean cancelRequested;

        Tracked(long key) {
            this.key = key;
        }
    }

    /** Starts job {@code kind} with {@code paramsJson} in a worker process on the project in {@code dir}. */
    public JobRow start(Path dir, String kind, String paramsJson, String label, long runId, List<String> jvmArgs)
            throws IOException {
        Tracked t = new Tracked(nextKey++);
        WorkerProcess w = WorkerProcess.start(dir, kind, paramsJson, listener(t), jvmArgs);
        t.process = w;
        JobRow row = new JobRow(t.key, kind, label, runId, 0, w.pid(), false, JobState.RUNNING, -1,
                "starting a worker process");
        follow(t, row, w::waitFor);
        message.set(label + ": started in a worker process (pid " + w.pid() + ")");
        return row;
    }

    /** Re-attaches to every job of {@code project} still running in a live worker (a reopened project). */
    public void attachRunning(Project project) {
        for (JobRecord j : project.jobs().list()) {
            if (j.state() != JobState.RUNNING || isFollowed(j.id())) {
                continue;
            }
            Tracked t = new Tracked(nextKey++);
            Optional<WorkerAttachment> a = WorkerProcess.attach(project, j.id(), listener(t));
            if (a.isEmpty()) {
                continue; // its worker is gone: the row is now marked interrupted
            }
            t.attachment = a.get();
            long runId = runIdOf(j.paramsJson());
            String label = label(project, j.kind(), runId);
            double p = j.total() > 0 ? Math.min(1.0, (double) j.done() / j.total()) : -1;
            follow(t, new JobRow(t.key, j.kind(), label, runId, j.id(), a.get().pid(), true, JobState.RUNNING, p,
                    progressText(j.phase(), j.done(), j.total(), j.message())), a.get()::waitFor);
            message.set(label + ": still running in the background (pid " + a.get().pid() + "); re-attached");
        }
    }

    /** Stops following every job (the project is closing); the workers keep running. */
    public void detachAll() {
        for (Tracked t : tracked.values()) {
            t.detached = true;
            if (t.attachment != null) {
                t.attachment.detach();
            }
        }
        tracked.clear();
        rows.clear();
        message.set("");
    }

    /** Asks job {@code key} to stop: gracefully, then SIGTERM and a kill after each {@link #grace()}. */
    public void cancel(long key) {
        Tracked t = tracked.get(key);
        if (t == null) {
            return;
        }
        t.cancelRequested = true;
        if (t.process != null) {
            t.process.cancel(grace);
        } else {
            t.attachment.cancel(grace);
        }
        row(key).ifPresent(r -> {
            replace(r.with(r.jobId(), r.state(), r.progress(), "cancelling…"));
            message.set(r.label() + ": cancelling (it stops at its next step; killed if still running after "
                    + seconds(grace) + ")");
        });
    }

    /** Cancels every followed job and waits until their workers have ended (closing the workbench). */
    public void stopAll() {
        List<Tracked> all = new ArrayList<>(tracked.values());
        for (Tracked t : all) {
            cancel(t.key);
        }
        long deadline = System.nanoTime() + 2 * grace.toNanos() + 2_000_000_000L;
        for (Tracked t : all) {
            ProcessHandle.of(pidOf(t)).ifPresent(h -> {
                try {
                    h.onExit().get(Math.max(1, deadline - System.nanoTime()),
                            java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
    }

    /** Whether any followed job's worker may still be running. */
    public boolean anyLive() {
        return rows.stream().anyMatch(JobRow::live);
    }

    /** The live job training run {@code runId}, if one is followed. */
    public Optional<JobRow> liveFor(long runId) {
        return rows.stream().filter(r -> r.live() && r.runId() == runId).findFirst();
    }

    /** Calls {@code action} on the FX thread with the final row of every job that ends while followed. */
    public void onEnd(Consumer<JobRow> action) {
        onEnd.add(action);
    }

    public ObservableList<JobRow> rows() {
        return rows;
    }

    /** The latest thing to tell the user about a job: started, re-attached, cancelling, or how it ended. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public Duration grace() {
        return grace;
    }

    /** How long a cancel waits before each harder step (tests shorten it). */
    public void setGrace(Duration grace) {
        this.grace = grace;
    }

    /** The run id in a job's parameters ({@code runId}), or −1. */
    public static long runIdOf(String paramsJson) {
        try {
            JsonObject o = JsonParser.parseString(paramsJson).getAsJsonObject();
            return o.has("runId") ? o.get("runId").getAsLong() : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String label(Project p, String kind, long runId) {
        String run = runId < 0 ? null : p.runs().get(runId).map(r -> r.name()).orElse(null);
        return run == null ? kind + " job" : kind + " run " + run;
    }

    private boolean isFollowed(long jobId) {
        return rows.stream().anyMatch(r -> r.live() && r.jobId() == jobId);
    }

    private long pidOf(Tracked t) {
        return t.process != null ? t.process.pid() : t.attachment.pid();
    }

    private interface Waiter {
        WorkerOutcome waitFor() throws InterruptedException;
    }

    private void follow(Tracked t, JobRow row, Waiter waiter) {
        tracked.put(t.key, t);
        rows.add(0, row);
        Thread th = new Thread(() -> {
            try {
                WorkerOutcome o = waiter.waitFor();
                Platform.runLater(() -> ended(t, o));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!t.detached) {
                    Platform.runLater(() -> message.set("stopped following a job: " + Background.oneLine(e)));
                }
            }
        }, "mda-ui-job-wait-" + t.key);
        th.setDaemon(true);
        th.start();
    }

    /** Progress arrives on worker reader threads; only the latest event is handed to the FX thread. */
    private ProgressListener listener(Tracked t) {
        return e -> {
            if (e.state() == JobState.RUNNING && t.latest.getAndSet(e) == null) {
                Platform.runLater(() -> progress(t, t.latest.getAndSet(null)));
            }
        };
    }

    private void progress(Tracked t, ProgressEvent e) {
        if (e == null || t.detached || t.cancelRequested) {
            return;
        }
        row(t.key).filter(JobRow::live).ifPresent(r -> replace(r.with(e.jobId() > 0 ? e.jobId() : r.jobId(),
                JobState.RUNNING, e.total() > 0 ? e.fraction() : -1,
                progressText(e.phase(), e.done(), e.total(), e.message()))));
    }

    private void ended(Tracked t, WorkerOutcome o) {
        if (t.detached) {
            return;
        }
        tracked.remove(t.key);
        Optional<JobRow> r = row(t.key);
        if (r.isEmpty()) {
            return;
        }
        String text = endText(r.get(), o, t.cancelRequested);
        JobRow end = r.get().with(o.jobId() > 0 ? o.jobId() : r.get().jobId(), o.state(),
                o.succeeded() ? 1 : r.get().progress(), text);
        replace(end);
        message.set(r.get().label() + ": " + text);
        for (Consumer<JobRow> c : onEnd) {
            c.accept(end);
        }
    }

    /** How the job ended, for the user: what happened, whether the project is intact, what to do next. */
    String endText(JobRow r, WorkerOutcome o, boolean cancelRequested) {
        String next = r.runId() >= 0 ? "Resume to continue" : "run it again to continue";
        String exit = o.exitCode() >= 0 ? " (exit " + o.exitCode() + ")" : "";
        return switch (o.state()) {
            case DONE -> "finished";
            case CANCELLED -> "cancelled; the project is intact — " + next;
            case FAILED -> "failed: " + o.error();
            case INTERRUPTED -> cancelRequested
                    ? "the worker did not stop within " + seconds(grace) + " of the cancel request and was killed"
                    + exit + "; the project is intact — " + next
                    : "the worker stopped unexpectedly" + exit + "; the project is intact — " + next;
            default -> o.state().name().toLowerCase(Locale.ROOT);
        };
    }

    static String progressText(String phase, long done, long total, String msg) {
        return (phase == null ? "" : phase) + (total > 0 ? " " + done + "/" + total : "")
                + (msg != null && !msg.isBlank() ? "  " + msg : "");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s",
                d.toMillis() / 1000.0);
    }

    private Optional<JobRow> row(long key) {
        return rows.stream().filter(r -> r.key() == key).findFirst();
    }

    private void replace(JobRow r) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).key() == r.key()) {
                rows.set(i, r);
                return;
            }
        }
    }
}
