package mda.app.ui.project;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mda.app.ui.common.Background;
import mda.app.ui.common.JobRow;
import mda.app.ui.common.ProjectSession;
import mda.app.ui.common.WorkbenchModel;
import mda.app.ui.common.WorkerJobs;
import mda.engine.model.ModelConfig;
import mda.engine.store.CorpusRecord;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;
import mda.engine.train.TrainRuns;

/** The Project screen's state: corpora, runs with job progress, recent projects; and "New run". */
public final class ProjectViewModel {
    private final WorkbenchModel model;
    private final ObservableList<CorpusSummary> corpora = FXCollections.observableArrayList();
    private final ObservableList<RunRow> runs = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("no project open");
    private final Background background = new Background();
    private final WorkerJobs jobs;
    private final Map<String, CorpusSummary> summaries = new ConcurrentHashMap<>();
    private final javafx.animation.Timeline poll;
    private boolean lastAlive;

    public ProjectViewModel(WorkbenchModel model) {
        this.model = model;
        this.jobs = model.jobs();
        model.sessionProperty().addListener((o, a, b) -> refresh());
        jobs.onEnd(r -> {
            model.reloadRuns();
            refresh();
        });
        // while a job runs (ours or another process's), re-read the job table every 2 s for the progress bars
        poll = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.seconds(2), e -> {
            boolean alive = jobs.anyLive();
            boolean shown = runs.stream().anyMatch(r -> r.progress() >= 0 || "RUNNING".equals(r.status()));
            if (alive || shown || lastAlive) {
                refresh();
            }
            lastAlive = alive;
        }));
        poll.setCycleCount(javafx.animation.Animation.INDEFINITE);
        poll.play();
        refresh();
    }

    /** Re-reads corpora, runs and the job table. */
    public void refresh() {
        ProjectSession s = model.session();
        if (s == null) {
            corpora.clear();
            runs.clear();
            title.set("no project open");
            return;
        }
        title.set(s.dir().toAbsolutePath().normalize().toString());
        background.run(() -> read(s.project(), summaries), r -> {
            corpora.setAll(r.corpora);
            runs.setAll(r.runs);
        });
    }

    private record Snapshot(List<CorpusSummary> corpora, List<RunRow> runs) {
    }

    private static Snapshot read(Project p, Map<String, CorpusSummary> cache) throws IOException {
        List<CorpusSummary> cs = new ArrayList<>();
        for (CorpusRecord c : p.corpora().list()) {
            // a corpus never changes once imported; its category mix reads every document, so only once
            String key = p.dir().toAbsolutePath() + "#" + c.id();
            CorpusSummary sum = cache.get(key);
            if (sum == null) {
                sum = CorpusSummary.of(p, c);
                cache.put(key, sum);
            }
            cs.add(sum);
        }
        List<JobRecord> jobs = p.jobs().list();
        List<RunRow> rows = new ArrayList<>();
        List<RunRecord> list = new ArrayList<>(p.runs().list());
        list.sort((a, b) -> Long.compare(b.id(), a.id()));
        for (RunRecord r : list) {
            double progress = -1;
            String text = "";
            JobRecord last = null;
            for (JobRecord j : jobs) {
                if ("train".equals(j.kind()) && runIdOf(j) == r.id() && (last == null || j.id() > last.id())) {
                    last = j;
                }
            }
            if (last != null && last.state() == JobState.RUNNING) {
                progress = last.total() > 0 ? Math.min(1.0, (double) last.done() / last.total()) : 0;
                text = last.done() + "/" + last.total() + (last.message() != null ? "  " + last.message() : "");
            } else if (last != null && (last.state() == JobState.FAILED || last.state() == JobState.INTERRUPTED)) {
                text = "job " + last.state().name().toLowerCase() + ": " + last.error();
            }
            String preset = presetOf(r);
            String status = r.status().name();
            if (r.status() == RunStatus.RUNNING && last != null && last.state() != JobState.RUNNING) {
                status = last.state().name(); // its worker was killed: the run row could not say so itself
            }
            rows.add(new RunRow(r.id(), r.name(), status, preset, r.device() == null ? "" : r.device(),
                    progress, text));
        }
        return new Snapshot(cs, rows);
    }

    private static String presetOf(RunRecord r) {
        try {
            return TrainConfig.fromJson(r.trainJson()).preset();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static long runIdOf(JobRecord j) {
        return WorkerJobs.runIdOf(j.paramsJson());
    }

    /**
     * Creates run {@code name} (model {@code preset}, {@code steps} steps) on the project's first corpus and trains
     * it in a worker process (a child JVM); progress lands in the job table, which {@link #refresh} reads.
     */
    public void newRun(String name, String preset, int steps, int batch, long seed) {
        ProjectSession s = model.session();
        if (s == null) {
            background.fail(new IllegalStateException("open a project first"));
            return;
        }
        try {
            List<CorpusRecord> cs = s.project().corpora().list();
            if (cs.isEmpty()) {
                throw new IllegalArgumentException("the project has no corpus to train on; import one first");
            }
            RunRecord run = TrainRuns.createOrFind(s.project(), name, cs.get(0).name(), ModelConfig.preset(preset),
                    TrainConfig.defaults(preset, batch, steps, seed));
            train(s, run);
            model.reloadRuns();
            refresh();
        } catch (IOException | RuntimeException e) {
            background.fail(e);
        }
    }

    private void train(ProjectSession s, RunRecord run) throws IOException {
        jobs.start(s.dir(), "train", new TrainJob(run.id()).paramsJson(), "train run " + run.name(), run.id(),
                List.of());
    }

    /**
     * Trains run {@code runId} in a worker process from its last resume point (from the start when it has none):
     * resumes a run whose worker was cancelled, killed or crashed.
     */
    public void resume(long runId) {
        ProjectSession s = model.session();
        try {
            if (s == null) {
                throw new IllegalStateException("open a project first");
            }
            RunRecord run = s.run(runId).orElseThrow(() -> new IllegalArgumentException("no run with id " + runId));
            if (run.status() == RunStatus.DONE) {
                throw new IllegalStateException("run " + run.name() + " has finished; there is nothing to resume");
            }
            if (jobs.liveFor(runId).isPresent()) {
                throw new IllegalStateException("run " + run.name() + " is already training; cancel it first");
            }
            train(s, run);
            refresh();
        } catch (IOException | RuntimeException e) {
            background.fail(e);
        }
    }

    /** Cancels job {@code row} (graceful, then killed after the grace period); a later Resume continues it. */
    public void cancel(JobRow row) {
        if (row != null && row.live()) {
            jobs.cancel(row.key());
        }
    }

    /** The run chosen in the workbench, which "Train / Resume" trains. */
    public javafx.beans.property.ObjectProperty<RunRecord> chosenRunProperty() {
        return model.runProperty();
    }

    /** The jobs the workbench follows on this project (started here or re-attached). */
    public ObservableList<JobRow> jobs() {
        return jobs.rows();
    }

    public ObservableList<CorpusSummary> corpora() {
        return corpora;
    }

    public ObservableList<RunRow> runs() {
        return runs;
    }

    public ObservableList<String> recent() {
        return model.recent();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty jobMessageProperty() {
        return jobs.messageProperty();
    }

    public Background background() {
        return background;
    }

    /** Opens a recent project. */
    public void openRecent(String dir) {
        model.open(java.nio.file.Path.of(dir));
    }

    /** Selects the run in the workbench (the other screens follow). */
    public void select(RunRow row) {
        for (RunRecord r : model.runs()) {
            if (r.id() == row.id()) {
                model.runProperty().set(r);
            }
        }
    }
}
