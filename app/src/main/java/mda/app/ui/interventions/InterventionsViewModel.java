package mda.app.ui.interventions;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mda.app.ui.common.Background;
import mda.app.ui.common.JobRow;
import mda.app.ui.common.ProjectSession;
import mda.app.ui.common.WorkbenchModel;
import mda.engine.intervene.ComparisonReport;
import mda.engine.intervene.InterventionJob;
import mda.engine.intervene.InterventionJobs;
import mda.engine.intervene.InterventionPlan;
import mda.engine.intervene.RunGroups;
import mda.engine.jobs.JobParams;
import mda.engine.store.AttributionRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;

/**
 * The Interventions screen's state: the plan form, the intervention job running in a worker process (progress,
 * cancel), and the chosen baseline's comparison with its interventions ({@link ComparisonReport}).
 */
public final class InterventionsViewModel {
    private final WorkbenchModel model;
    private final Background background = new Background();
    private final ObservableList<String> plans = FXCollections.observableArrayList();
    private final ObjectProperty<String> plan = new SimpleObjectProperty<>("remove-top");
    private final DoubleProperty k = new SimpleDoubleProperty(10);
    private final IntegerProperty m = new SimpleIntegerProperty(2);
    private final IntegerProperty seeds = new SimpleIntegerProperty(1);
    private final BooleanProperty duplicates = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<ComparisonReport> report = new ReadOnlyObjectWrapper<>();
    private final ObservableList<OnsetRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> summaries = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper jobText = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private long jobKey = -1;

    public InterventionsViewModel(WorkbenchModel model) {
        this.model = model;
        for (InterventionPlan.Kind kind : InterventionPlan.Kind.values()) {
            plans.add(kind.cliName());
        }
        plan.addListener((o, a, b) -> duplicates.set(b != null && b.startsWith("duplicate")));
        model.jobs().rows().addListener((javafx.collections.ListChangeListener<JobRow>) c -> followJob());
        model.runProperty().addListener((o, a, b) -> load());
        load();
    }

    /** The baseline of the chosen run: the run itself, or its parent when it is a retrain or replicate. */
    private RunRecord baseline() {
        ProjectSession s = model.session();
        RunRecord r = model.runProperty().get();
        if (s == null || r == null) {
            return null;
        }
        return r.parentRunId() == null ? r : s.run(r.parentRunId()).orElse(r);
    }

    /** Re-reads the baseline's comparison with all its interventions, in the background. */
    public void load() {
        ProjectSession s = model.session();
        RunRecord base = baseline();
        if (s == null || base == null) {
            header.set("no run chosen");
            return;
        }
        Project p = s.project();
        if (RunGroups.interventions(p, base).isEmpty()) {
            clear();
            header.set("Baseline " + base.name() + " has no interventions yet: choose a plan above and launch one.");
            return;
        }
        background.run(() -> ComparisonReport.build(p, base, List.of(), null), r -> {
            report.set(r);
            rows.setAll(OnsetTable.rows(r));
            summaries.setAll(OnsetTable.summaries(r));
            header.set(String.format(Locale.ROOT, "Baseline %s (%d seed%s), target head L%d.H%d, %d intervention "
                    + "group%s. Onsets in steps with 95%% bootstrap CIs; reference levels from each seed's baseline.",
                    base.name(), r.baselines().size(), r.baselines().size() == 1 ? "" : "s", r.layer(), r.head(),
                    r.groups().size(), r.groups().size() == 1 ? "" : "s"));
        });
    }

    private void clear() {
        report.set(null);
        rows.clear();
        summaries.clear();
    }

    /** Starts the intervention job for the chosen plan in a worker process (a child JVM). */
    public void launch() {
        ProjectSession s = model.session();
        RunRecord base = baseline();
        AttributionRecord attr = model.attributionProperty().get();
        try {
            if (s == null || base == null) {
                throw new IllegalStateException("open a project and choose the baseline run first");
            }
            if (model.runProperty().get().parentRunId() != null) {
                throw new IllegalStateException("the chosen run is a retrain of " + base.name() + "; choose "
                        + base.name() + " itself in the Run list to launch an intervention on it");
            }
            if (attr == null || attr.runId() != base.id()) {
                throw new IllegalStateException("run " + base.name() + " has no finished attribution to rank its "
                        + "samples; run one first");
            }
            if (running.get()) {
                throw new IllegalStateException("an intervention job is already running; cancel it or wait");
            }
            InterventionJob.Params params = new InterventionJob.Params(base.id(), attr.id(), plan.get(), k.get(),
                    m.get(), seeds.get(), "auto");
            running.set(true); // before the job row appears, so that following it sees it as ours
            progress.set(-1);
            jobText.set("started " + plan.get() + " k=" + k.get() + "% on " + base.name() + " in a worker process");
            jobKey = model.jobs().start(s.dir(), InterventionJobs.KIND, JobParams.toJson(params),
                    "intervention " + plan.get() + " on " + base.name(), -1, List.of()).key();
        } catch (java.io.IOException | RuntimeException e) {
            running.set(false);
            background.fail(e);
        }
    }

    /** Follows our job's row in the workbench's job model: progress while it runs, then how it ended. */
    private void followJob() {
        if (!running.get() || jobKey < 0) {
            return;
        }
        JobRow row = model.jobs().rows().stream().filter(r -> r.key() == jobKey).findFirst().orElse(null);
        if (row == null) {
            running.set(false);
            jobText.set("the project was closed; the intervention job goes on in its worker process");
        } else if (row.live()) {
            progress.set(row.progress());
            jobText.set(row.text());
        } else {
            finished(row);
        }
    }


    private void finished(JobRow r) {
        running.set(false);
        jobKey = -1;
        boolean ok = r.state() == mda.engine.store.JobState.DONE;
        progress.set(ok ? 1 : 0);
        String state = r.state().name().toLowerCase(Locale.ROOT);
        jobText.set(ok ? "intervention job finished" : "intervention job " + state
                + (r.text().startsWith(state) ? r.text().substring(state.length()) : ": " + r.text()));
        model.reloadRuns();
        load();
    }

    /** Asks the running job to stop (graceful, then killed); finished runs are kept and a relaunch resumes. */
    public void cancel() {
        if (running.get() && jobKey >= 0) {
            model.jobs().cancel(jobKey);
            jobText.set("cancelling…");
        }
    }

    public ObservableList<String> plans() {
        return plans;
    }

    public ObjectProperty<String> planProperty() {
        return plan;
    }

    public DoubleProperty kProperty() {
        return k;
    }

    public IntegerProperty mProperty() {
        return m;
    }

    public IntegerProperty seedsProperty() {
        return seeds;
    }

    /** Whether the plan duplicates (m applies). */
    public BooleanProperty duplicatesProperty() {
        return duplicates;
    }

    public ObservableList<AttributionRecord> attributions() {
        return model.attributions();
    }

    public ObjectProperty<AttributionRecord> attributionProperty() {
        return model.attributionProperty();
    }

    public ReadOnlyObjectProperty<ComparisonReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public ObservableList<OnsetRow> rows() {
        return rows;
    }

    public ObservableList<String> summaries() {
        return summaries;
    }

    public ReadOnlyStringProperty headerProperty() {
        return header.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty jobTextProperty() {
        return jobText.getReadOnlyProperty();
    }

    /** Job progress in [0, 1], or −1 while indeterminate. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public Background background() {
        return background;
    }
}
