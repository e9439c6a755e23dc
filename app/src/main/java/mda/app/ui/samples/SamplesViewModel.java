package mda.app.ui.samples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import mda.app.ui.common.Background;
import mda.app.ui.common.ProjectSession;
import mda.app.ui.common.WorkbenchModel;
import mda.engine.attribution.AttributionData;
import mda.engine.attribution.TopSamples;
import mda.engine.corpus.DocumentInfo;
import mda.engine.corpus.Samples;
import mda.engine.corpus.Span;
import mda.engine.corpus.TokenStore;
import mda.engine.corpus.Tokenizer;
import mda.engine.store.AttributionRecord;
import mda.engine.train.TrainRuns;

/**
 * The Samples table (top positive and negative samples of the chosen attribution, filterable and sortable) and
 * the Sample inspector (tokens with each repeat pair coloured, previous/next sample).
 */
public final class SamplesViewModel {
    /** Rows per sign. */
    public static final int TOP_K = 100;

    private final WorkbenchModel model;
    private final Background background = new Background();
    private final ObservableList<SampleRow> rows = FXCollections.observableArrayList();
    private final FilteredList<SampleRow> filtered = new FilteredList<>(rows, r -> true);
    private final SortedList<SampleRow> sorted = new SortedList<>(filtered);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<InspectedSample> inspected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper("no attribution for this run");
    private AttributionData data;
    private Tokenizer tokenizer;

    public SamplesViewModel(WorkbenchModel model) {
        this.model = model;
        filter.addListener((o, a, b) -> filtered.setPredicate(r -> matches(r, b)));
        model.attributionProperty().addListener((o, a, b) -> load(b));
        load(model.attributionProperty().get());
    }

    /** A row matches when every word of the filter occurs in its sign, category, source, repeat text or id. */
    static boolean matches(SampleRow r, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String hay = (r.sign() + " " + r.category() + " " + r.source() + " " + r.repeatText() + " #" + r.sampleId())
                .toLowerCase(Locale.ROOT);
        for (String w : filter.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!hay.contains(w)) {
                return false;
            }
        }
        return true;
    }

    /** Reads the top and bottom {@link #TOP_K} samples of {@code rec}. */
    public void load(AttributionRecord rec) {
        ProjectSession s = model.session();
        rows.clear();
        inspected.set(null);
        if (rec == null || s == null) {
            header.set("no attribution for this run");
            return;
        }
        background.run(() -> {
            AttributionData d = AttributionData.open(s.project(), rec.id());
            Tokenizer tok = AttributionData.tokenizer(s.project(), d.corpus());
            return new Object[] {d, tok, rows(d, tok, s.tokenStore(d.corpus()))};
        }, v -> {
            data = (AttributionData) v[0];
            tokenizer = (Tokenizer) v[1];
            @SuppressWarnings("unchecked")
            List<SampleRow> out = (List<SampleRow>) v[2];
            rows.setAll(out);
            header.set(String.format("Attribution #%d, head L%d.H%d: top %d positive and negative of %,d samples",
                    rec.id(), rec.layer(), rec.head(), TOP_K, data.scores().size()));
        });
    }

    /** The table's rows: the top {@link #TOP_K} positive samples, then the top negative ones. */
    public static List<SampleRow> rows(mda.engine.store.Project project, AttributionData d, Tokenizer tok)
            throws IOException {
        try (TokenStore store = TokenStore.open(project.blob(d.corpus().storePath()))) {
            return rows(d, tok, store);
        }
    }

    /** As {@link #rows(mda.engine.store.Project, AttributionData, Tokenizer)} on an open token store. */
    static List<SampleRow> rows(AttributionData d, Tokenizer tok, TokenStore store) throws IOException {
        Samples samples = new Samples(store, TrainRuns.modelConfig(d.run()).ctx());
        List<SampleRow> out = new ArrayList<>();
        add(out, "+", TopRows.of(d, TOP_K, false), tok, store, samples);
        add(out, "−", TopRows.of(d, TOP_K, true), tok, store, samples);
        return out;
    }

    private static void add(List<SampleRow> out, String sign, List<TopSamples.Row> top, Tokenizer tok,
                            TokenStore store, Samples samples) throws IOException {
        for (TopSamples.Row r : top) {
            String text = r.repeatTokens().length == 0 ? "" : tok.decode(r.repeatTokens());
            text = text.replace("\n", "\\n");
            if (text.length() > 60) {
                text = text.substring(0, 57) + "...";
            }
            Span first = samples.spans(r.sampleId()).get(0);
            DocumentInfo doc = store.document(first.docIndex());
            out.add(new SampleRow(sign, r.rank(), r.score(), r.sampleId(), r.category(), r.repeat().length(),
                    r.repeat().distance(), text, doc.source() == null || doc.source().isEmpty() ? doc.id()
                    : doc.source()));
        }
    }

    /** Opens {@code row} in the inspector. */
    public void inspect(SampleRow row) {
        if (row == null || data == null) {
            return;
        }
        int[] tokens = data.tokens(row.sampleId());
        String[] labels = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            labels[i] = tokenizer.tokenString(tokens[i]);
        }
        mda.engine.attribution.TokenContributions tc = data.tokenContributions();
        mda.engine.attribution.TokenContributions.Row c = tc == null ? null : tc.row(row.sampleId());
        inspected.set(InspectedSample.of(row, tokens, labels, c == null ? null : c.contributions()));
    }

    /** Opens the row {@code delta} places away in the table's current order. */
    public void step(int delta) {
        InspectedSample cur = inspected.get();
        if (cur == null || sorted.isEmpty()) {
            return;
        }
        int i = sorted.indexOf(cur.row());
        int j = Math.max(0, Math.min(sorted.size() - 1, i + delta));
        inspect(sorted.get(j));
    }

    public SortedList<SampleRow> rows() {
        return sorted;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyObjectProperty<InspectedSample> inspectedProperty() {
        return inspected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headerProperty() {
        return header.getReadOnlyProperty();
    }

    public Background background() {
        return background;
    }
}
