package mda.app.ui.attention;

import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mda.app.ui.common.Background;
import mda.app.ui.common.ProjectSession;
import mda.app.ui.common.WorkbenchModel;
import mda.engine.model.ModelConfig;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.HeadsReport;
import mda.engine.train.TrainRuns;

/**
 * The Attention map's state: checkpoint, head and input choice, and the pattern the engine returned. It computes
 * nothing itself: inputs and patterns come from {@link AttentionQuery} (the model's forward pass with attention taps).
 */
public final class AttentionViewModel {
    /** Input kinds. */
    public static final String RRT = "Repeated random tokens";
    public static final String SAMPLE = "Corpus sample";
    public static final String TYPED = "Typed text or ids";

    private final WorkbenchModel model;
    private final Background background = new Background();
    private final AttentionQuery query = new AttentionQuery();
    private final ObservableList<Long> checkpoints = FXCollections.observableArrayList();
    private final ObjectProperty<Long> step = new SimpleObjectProperty<>();
    private final ObservableList<Integer> layers = FXCollections.observableArrayList();
    private final ObservableList<Integer> heads = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> layer = new SimpleObjectProperty<>(0);
    private final ObjectProperty<Integer> head = new SimpleObjectProperty<>(0);
    private final ObservableList<String> inputKinds = FXCollections.observableArrayList(RRT, SAMPLE, TYPED);
    private final ObjectProperty<String> inputKind = new SimpleObjectProperty<>(RRT);
    private final IntegerProperty repeatLength = new SimpleIntegerProperty(12);
    private final IntegerProperty seed = new SimpleIntegerProperty(1);
    private final IntegerProperty sampleIndex = new SimpleIntegerProperty(0);
    private final StringProperty typed = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<AttentionMap> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper hover = new ReadOnlyStringWrapper("hover over a cell to read its weight");
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper("");
    private RunRecord run;

    public AttentionViewModel(WorkbenchModel model) {
        this.model = model;
        model.runProperty().addListener((o, a, b) -> load(b));
        load(model.runProperty().get());
    }

    /** Lists the run's checkpoints with weights, picks the last one and the run's induction head, and computes. */
    public void load(RunRecord r) {
        run = r;
        ProjectSession s = model.session();
        if (r == null || s == null) {
            return;
        }
        background.run(() -> {
            Project p = s.project();
            List<Long> steps = AttentionQuery.checkpointSteps(p, r);
            HeadsReport rep = HeadsReport.build(p, r, null);
            return new Object[] {steps, rep};
        }, v -> {
            @SuppressWarnings("unchecked")
            List<Long> steps = (List<Long>) v[0];
            HeadsReport rep = (HeadsReport) v[1];
            ModelConfig cfg = TrainRuns.modelConfig(r);
            checkpoints.setAll(steps);
            layers.setAll(range(cfg.layers()));
            heads.setAll(range(cfg.heads()));
            step.set(steps.isEmpty() ? null : steps.get(steps.size() - 1));
            layer.set(rep.inductionLayer());
            head.set(rep.inductionHead());
            repeatLength.set(Math.min(repeatLength.get(), cfg.ctx() / 2));
            compute();
        });
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    /** Asks the engine for the chosen head's pattern on the chosen input. */
    public void compute() {
        ProjectSession s = model.session();
        RunRecord r = run;
        Long st = step.get();
        if (s == null || r == null) {
            return;
        }
        if (st == null) {
            background.fail(new IllegalArgumentException("run '" + r.name() + "' has no checkpoint with weights"));
            return;
        }
        int l = layer.get();
        int h = head.get();
        String kind = inputKind.get();
        int rl = repeatLength.get();
        long sd = seed.get();
        long k = sampleIndex.get();
        String text = typed.get();
        background.run(() -> {
            Project p = s.project();
            int[] ids;
            if (RRT.equals(kind)) {
                ids = AttentionQuery.repeatedRandom(TrainRuns.modelConfig(r), rl, sd);
            } else if (SAMPLE.equals(kind)) {
                ids = AttentionQuery.corpusSample(p, r, k);
            } else {
                ids = query.typed(p, r, text);
            }
            return query.compute(p, r, st, l, h, ids);
        }, m -> {
            result.set(m);
            caption.set(String.format("%s, checkpoint step %d, head L%d.H%d, %d tokens (%s): %s", r.name(), m.step(),
                    m.layer(), m.head(), m.length(), kind.toLowerCase(), scores(m)));
        });
    }

    /** The head's induction and previous-token scores on the shown input, as the caption states them. */
    static String scores(AttentionMap m) {
        double ind = m.induction();
        return (Double.isNaN(ind) ? "no repeated token, so no induction score" : String.format("induction %.3f", ind))
                + String.format(", previous-token %.3f", m.previousToken());
    }

    /** Sets the hover text for query {@code q} and key {@code k} of the shown pattern. */
    public void hover(int q, int k) {
        AttentionMap m = result.get();
        if (m == null || q < 0 || k < 0 || q >= m.length() || k >= m.length()) {
            return;
        }
        hover.set(String.format("query %s → key %s: weight %.4f", m.labels()[q], m.labels()[k], m.weights()[q][k]));
    }

    public ObservableList<Long> checkpoints() {
        return checkpoints;
    }

    public ObjectProperty<Long> stepProperty() {
        return step;
    }

    public ObservableList<Integer> layers() {
        return layers;
    }

    public ObservableList<Integer> heads() {
        return heads;
    }

    public ObjectProperty<Integer> layerProperty() {
        return layer;
    }

    public ObjectProperty<Integer> headProperty() {
        return head;
    }

    public ObservableList<String> inputKinds() {
        return inputKinds;
    }

    public ObjectProperty<String> inputKindProperty() {
        return inputKind;
    }

    public IntegerProperty repeatLengthProperty() {
        return repeatLength;
    }

    public IntegerProperty seedProperty() {
        return seed;
    }

    public IntegerProperty sampleIndexProperty() {
        return sampleIndex;
    }

    public StringProperty typedProperty() {
        return typed;
    }

    public ReadOnlyObjectProperty<AttentionMap> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hoverProperty() {
        return hover.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    public Background background() {
        return background;
    }
}
