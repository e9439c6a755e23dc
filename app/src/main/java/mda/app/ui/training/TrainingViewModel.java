package mda.app.ui.training;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mda.app.ui.common.Background;
import mda.app.ui.common.ProjectSession;
import mda.app.ui.common.WorkbenchModel;
import mda.engine.probe.MetricKind;
import mda.engine.store.MetricSeries;
import mda.engine.store.RunRecord;
import mda.engine.train.HeadsReport;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The Training monitor's state: loss curves, the layers × heads table of a chosen score at a chosen checkpoint,
 * and formation curves of selected heads with the induction onset from {@link HeadsReport}.
 */
public final class TrainingViewModel {
    private final WorkbenchModel model;
    private final Background background = new Background();
    private final ObservableList<String> kinds = FXCollections.observableArrayList(MetricKind.HEAD_KINDS);
    private final ObjectProperty<String> kind = new SimpleObjectProperty<>(MetricKind.INDUCTION);
    private final ObservableList<Long> steps = FXCollections.observableArrayList();
    private final IntegerProperty stepIndex = new SimpleIntegerProperty(0);
    private final ReadOnlyLongWrapper step = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyObjectWrapper<double[][]> table = new ReadOnlyObjectWrapper<>(new double[0][0]);
    private final ObservableList<String> heads = FXCollections.observableArrayList();
    private final ObservableList<String> selectedHeads = FXCollections.observableArrayList();
    private final XYSeriesCollection loss = new XYSeriesCollection();
    private final XYSeriesCollection formation = new XYSeriesCollection();
    private final ReadOnlyDoubleWrapper onset = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyDoubleWrapper onsetLo = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyDoubleWrapper onsetHi = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private RunRecord run;

    public TrainingViewModel(WorkbenchModel model) {
        this.model = model;
        model.runProperty().addListener((o, a, b) -> load(b));
        kind.addListener((o, a, b) -> {
            reloadTable();
            reloadFormation();
        });
        stepIndex.addListener((o, a, b) -> reloadTable());
        selectedHeads.addListener((javafx.collections.ListChangeListener<String>) c -> reloadFormation());
        load(model.runProperty().get());
    }

    /** Reads everything for {@code r} (the heads report in the background). */
    public void load(RunRecord r) {
        run = r;
        ProjectSession s = model.session();
        if (r == null || s == null) {
            return;
        }
        background.run(() -> new Loaded(HeadsReport.build(s.project(), r, null),
                        s.project().metrics().series(r.id(), MetricKind.TRAIN_LOSS, -1, -1),
                        s.project().metrics().series(r.id(), MetricKind.NT_LOSS, -1, -1)),
                this::apply);
    }

    private record Loaded(HeadsReport report, MetricSeries trainLoss, MetricSeries ntLoss) {
    }

    private void apply(Loaded l) {
        HeadsReport rep = l.report;
        loss.removeAllSeries();
        loss.addSeries(TrainingFigures.series("train loss", l.trainLoss));
        loss.addSeries(TrainingFigures.series("next-token loss (eval)", l.ntLoss));
        List<Long> st = new ArrayList<>();
        for (long x : rep.induction().steps()) {
            st.add(x);
        }
        steps.setAll(st);
        List<String> hs = new ArrayList<>();
        for (int layer = 0; layer < rep.config().layers(); layer++) {
            for (int h = 0; h < rep.config().heads(); h++) {
                hs.add(headName(layer, h));
            }
        }
        heads.setAll(hs);
        if (rep.onset() != null && !rep.onset().estimate().rightCensored()) {
            // the CI first: the chart redraws its marks when the onset changes
            onsetLo.set(rep.onset().lower());
            onsetHi.set(rep.onset().upper());
            onset.set(rep.onset().estimate().step());
        } else {
            onsetLo.set(Double.NaN);
            onsetHi.set(Double.NaN);
            onset.set(Double.NaN);
        }
        summary.set(String.format("induction head %s, previous-token head %s; onset: %s%s",
                headName(rep.inductionLayer(), rep.inductionHead()), headName(rep.prevLayer(), rep.prevHead()),
                Double.isNaN(onset.get()) ? rep.onsetNote()
                        : String.format("step %.0f (95%% CI %.0f–%.0f)", onset.get(), onsetLo.get(), onsetHi.get()),
                Double.isNaN(rep.iclBeforeOnset()) ? ""
                        : String.format("; ICL gain %.3f before, %.3f after", rep.iclBeforeOnset(),
                        rep.iclAfterOnset())));
        stepIndex.set(Math.max(0, st.size() - 1));
        reloadTable();
        selectedHeads.setAll(headName(rep.inductionLayer(), rep.inductionHead()),
                headName(rep.prevLayer(), rep.prevHead()));
    }

    private void reloadTable() {
        ProjectSession s = model.session();
        if (run == null || s == null || steps.isEmpty()) {
            return;
        }
        int i = Math.max(0, Math.min(steps.size() - 1, stepIndex.get()));
        step.set(steps.get(i));
        table.set(s.project().metrics().atStep(run.id(), steps.get(i), kind.get()));
    }

    private void reloadFormation() {
        ProjectSession s = model.session();
        formation.removeAllSeries();
        if (run == null || s == null) {
            return;
        }
        for (String h : selectedHeads) {
            int[] lh = parseHead(h);
            formation.addSeries(TrainingFigures.series(h + " " + kind.get(),
                    s.project().metrics().series(run.id(), kind.get(), lh[0], lh[1])));
        }
    }

    /** "L1.H0". */
    public static String headName(int layer, int head) {
        return "L" + layer + ".H" + head;
    }

    static int[] parseHead(String name) {
        String[] p = name.substring(1).split("\\.H");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    public ObservableList<String> kinds() {
        return kinds;
    }

    public ObjectProperty<String> kindProperty() {
        return kind;
    }

    public ObservableList<Long> steps() {
        return steps;
    }

    public IntegerProperty stepIndexProperty() {
        return stepIndex;
    }

    public ReadOnlyLongProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<double[][]> tableProperty() {
        return table.getReadOnlyProperty();
    }

    public ObservableList<String> heads() {
        return heads;
    }

    public ObservableList<String> selectedHeads() {
        return selectedHeads;
    }

    public XYSeriesCollection loss() {
        return loss;
    }

    public XYSeriesCollection formation() {
        return formation;
    }

    public ReadOnlyDoubleProperty onsetProperty() {
        return onset.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty onsetLoProperty() {
        return onsetLo.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty onsetHiProperty() {
        return onsetHi.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public Background background() {
        return background;
    }
}
