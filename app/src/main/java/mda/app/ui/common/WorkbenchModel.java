package mda.app.ui.common;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mda.engine.store.AttributionRecord;
import mda.engine.store.RunRecord;

/**
 * State shared by all screens: the open project, the chosen run, the charts on show and the recent projects.
 * Screens' view-models observe it.
 */
public final class WorkbenchModel {
    private final ReadOnlyObjectWrapper<ProjectSession> session = new ReadOnlyObjectWrapper<>();
    private final ObservableList<RunRecord> runs = FXCollections.observableArrayList();
    private final ObjectProperty<RunRecord> run = new SimpleObjectProperty<>();
    private final ObservableList<String> recent = FXCollections.observableArrayList();
    private final ObservableList<AttributionRecord> attributions = FXCollections.observableArrayList();
    private final ObjectProperty<AttributionRecord> attribution = new SimpleObjectProperty<>();
    private final ChartRegistry charts = new ChartRegistry();
    private final RecentProjects recentProjects;
    private final Background background = new Background();
    private final WorkerJobs jobs = new WorkerJobs();

    public WorkbenchModel(RecentProjects recentProjects) {
        this.recentProjects = recentProjects;
        recent.setAll(recentProjects.list());
        run.addListener((o, a, b) -> reloadAttributions());
    }

    /** Lists the chosen run's finished attributions and selects the newest. */
    public void reloadAttributions() {
        ProjectSession s = session.get();
        RunRecord r = run.get();
        java.util.List<AttributionRecord> list = new java.util.ArrayList<>();
        if (s != null && r != null) {
            for (AttributionRecord a : s.project().attributions().forRun(r.id())) {
                if ("scored".equals(a.status())) {
                    list.add(a);
                }
            }
        }
        attributions.setAll(list);
        attribution.set(list.isEmpty() ? null : list.get(list.size() - 1));
    }

    public ObservableList<AttributionRecord> attributions() {
        return attributions;
    }

    /** The attribution the Attribution and Samples screens show. */
    public ObjectProperty<AttributionRecord> attributionProperty() {
        return attribution;
    }

    /** Opens {@code dir} (closing the previous project) and selects its newest baseline run. */
    public void open(Path dir) {
        ProjectSession next;
        try {
            next = ProjectSession.open(dir);
        } catch (RuntimeException e) {
            background.fail(e);
            return;
        }
        ProjectSession old = session.get();
        jobs.detachAll(); // the old project's workers go on; reopening it re-attaches
        run.set(null);
        runs.clear();
        session.set(next);
        if (old != null) {
            old.close();
        }
        recent.setAll(recentProjects.add(dir));
        reloadRuns();
        try {
            jobs.attachRunning(next.project());
        } catch (RuntimeException e) {
            background.fail(e);
        }
    }

    /** The jobs running in worker processes on the open project. */
    public WorkerJobs jobs() {
        return jobs;
    }

    /** Re-reads the runs list, keeping the chosen run when it still exists. */
    public void reloadRuns() {
        ProjectSession s = session.get();
        if (s == null) {
            return;
        }
        RunRecord keep = run.get();
        List<RunRecord> list = s.runs();
        runs.setAll(list);
        RunRecord pick = null;
        for (RunRecord r : list) {
            if (keep != null && r.id() == keep.id()) {
                pick = r;
            }
        }
        if (pick == null && !list.isEmpty()) {
            // the newest run that is not an intervention retrain: retrains have no attribution of their own
            pick = list.stream().filter(r -> r.parentRunId() == null).findFirst().orElse(list.get(0));
        }
        if (pick != null && (keep == null || keep.id() != pick.id())) {
            run.set(pick);
        }
    }

    public ReadOnlyObjectProperty<ProjectSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    public ProjectSession session() {
        return session.get();
    }

    public ObservableList<RunRecord> runs() {
        return runs;
    }

    public ObjectProperty<RunRecord> runProperty() {
        return run;
    }

    public ObservableList<String> recent() {
        return recent;
    }

    public ChartRegistry charts() {
        return charts;
    }

    /** Errors of project-level actions (opening, listing). */
    public Background background() {
        return background;
    }

    /** Closes the open project; its running jobs go on in their workers. */
    public void close() {
        jobs.detachAll();
        if (session.get() != null) {
            session.get().close();
            session.set(null);
        }
    }
}
