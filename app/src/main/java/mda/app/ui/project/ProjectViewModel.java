package mda.app.ui.project;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mda.app.ui.common.Background;
import mda.app.ui.common.ProjectSession;
import mda.app.ui.common.WorkbenchModel;
import mda.engine.jobs.ProgressListener;
import mda.engine.jobs.WorkerProcess;
import mda.engine.model.ModelConfig;
import mda.engine.store.CorpusRecord;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;
import mda.engine.train.TrainRuns;

/** The Project screen's state: corpora, runs with job progress, recent projects; and "New run". */
public final class ProjectViewModel {
    private final WorkbenchModel model;
    private final ObservableList<CorpusSummary> corpora = FXCollections.observableArrayList();
    private final ObservableList<RunRow> runs = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("no project open");
    private final ReadOnlyStringWrapper jobMessage = new ReadOnlyStringWrapper("");
    private final Background background = new Background();
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final javafx.animation.Timeline poll;
    private boolean lastAlive;

    public ProjectViewModel(WorkbenchModel model) {
        this.model = model;
        model.sessionProperty().addListener((o, a, b) -> refresh());
        // while a job runs (ours or another process's), re-read the job table every 2 s for the progress bars
        poll = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.seconds(2), e -> {
            boolean alive = workers.stream().anyMatch(WorkerProcess::isAlive);
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
        background.run(() -> read(s.project()), r -> {
            corpora.setAll(r.corpora);
            runs.setAll(r.runs);
        });
    }

    private record Snapshot(List<CorpusSummary> corpora, List<RunRow> runs) {
    }

    private static Snapshot read(Project p) throws IOException {
        List<CorpusSummary> cs = new ArrayList<>();
        for (CorpusRecord c : p.corpora().list()) {
            cs.add(CorpusSummary.of(p, c));
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
            rows.add(new RunRow(r.id(), r.name(), r.status().name(), preset, r.device() == null ? "" : r.device(),
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
        try {
            JsonObject o = JsonParser.parseString(j.paramsJson()).getAsJsonObject();
            return o.has("runId") ? o.get("runId").getAsLong() : -1;
        } catch (RuntimeException e) {
            return -1;
        }
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
            ProgressListener l = e -> Platform.runLater(() -> jobMessage.set(name + ": " + e.phase() + " "
                    + e.done() + "/" + e.total() + (e.message() != null ? " " + e.message() : "")));
            workers.add(WorkerProcess.start(s.dir(), "train", new TrainJob(run.id()).paramsJson(), l));
            jobMessage.set(name + ": started in a worker process");
            model.reloadRuns();
            refresh();
        } catch (IOException | RuntimeException e) {
            background.fail(e);
        }
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
        return jobMessage.getReadOnlyProperty();
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
