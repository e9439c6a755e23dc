package mda.app.ui.attribution;

import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mda.app.ui.common.Background;
import mda.app.ui.common.ProjectSession;
import mda.app.ui.common.WorkbenchModel;
import mda.engine.analysis.Concentration;
import mda.engine.analysis.Correlation;
import mda.engine.analysis.Enrichment;
import mda.engine.analysis.PowerLawResult;
import mda.engine.attribution.AttributionAgreement;
import mda.engine.attribution.AttributionAnalysis;
import mda.engine.attribution.AttributionData;
import mda.engine.attribution.EkfacFactors;
import mda.engine.attribution.FactorDiagnostics;
import mda.engine.store.AttributionRecord;

/** The Attribution screen's state: the chosen attribution, its figures and its numbers from the engine's analysis. */
public final class AttributionViewModel {
    /** Shown next to every score. */
    public static final String SIGN_CONVENTION = "Sign convention: positive = helps the head form "
            + "(training on the sample raises the head's probe score); negative = hinders it.";

    private final WorkbenchModel model;
    private final Background background = new Background();
    private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper("no attribution for this run");
    private final ReadOnlyStringWrapper powerLaw = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper massText = new ReadOnlyStringWrapper("");
    private final ObservableList<String> enrichment = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper spearman = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper factorsText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Loaded> loaded = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<AttributionRecord> against = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper agreement = new ReadOnlyStringWrapper("");
    private final Background agreementWork = new Background();

    /**
     * The attribution on show with its analysis and repeat test (ρ from the engine's {@link Correlation}).
     *
     * @param factors the fitted EK-FAC factors, null when their file is gone
     */
    public record Loaded(AttributionData data, AttributionAnalysis analysis, Correlation.Test repeatTest,
                         EkfacFactors factors) {
        /** The screen's charts by export name. */
        public java.util.Map<String, org.jfree.chart.JFreeChart> charts() {
            java.util.Map<String, org.jfree.chart.JFreeChart> out = AttributionFigures.charts(
                    data.scores().scoresAsDoubles(), analysis, repeatTest);
            if (factors != null) {
                out.put(SPECTRUM, FactorFigure.spectrum(factors, FactorFigure.title(data.record())));
            }
            return out;
        }
    }

    /** The export name of the EK-FAC spectrum chart. */
    public static final String SPECTRUM = "attribution-spectrum";

    public AttributionViewModel(WorkbenchModel model) {
        this.model = model;
        model.attributionProperty().addListener((o, a, b) -> load(b));
        load(model.attributionProperty().get());
        against.addListener((o, a, b) -> compare());
        loaded.addListener((o, a, b) -> compare());
    }

    /** The attribution to compare the shown one with (another probe, checkpoint, damping or head); null for none. */
    public ObjectProperty<AttributionRecord> againstProperty() {
        return against;
    }

    /** How far the shown attribution and {@link #againstProperty()} agree, in one line; empty without a comparison. */
    public ReadOnlyStringProperty agreementProperty() {
        return agreement.getReadOnlyProperty();
    }

    public Background agreementWork() {
        return agreementWork;
    }

    private void compare() {
        Loaded l = loaded.get();
        AttributionRecord other = against.get();
        ProjectSession s = model.session();
        if (l == null || other == null || s == null) {
            agreement.set("");
            return;
        }
        agreementWork.run(() -> AttributionAgreement.of(l.data().scores(),
                AttributionData.open(s.project(), other.id()).scores()), g -> agreement.set(agreementText(other, g)));
    }

    /** "agreement with #2 (probe …, step 500, L1.H3): Spearman ρ 0.218 over 7,013 shared samples · top 1% …". */
    static String agreementText(AttributionRecord other, AttributionAgreement g) {
        StringBuilder b = new StringBuilder(String.format("agreement with #%d (probe %s, step %d, L%d.H%d, damping %s): "
                + "Spearman ρ %.3f over %,d shared samples · top sets shared:", other.id(), other.probe(),
                other.step(), other.layer(), other.head(), other.damping(), g.spearman(), g.shared()));
        for (AttributionAgreement.Level v : g.levels()) {
            b.append(String.format(" %.0f%% → %.1f%% (chance %.1f%%)", 100 * v.fraction(), 100 * v.topOverlap(),
                    100 * v.chance()));
        }
        AttributionAgreement.Level last = g.levels().get(g.levels().size() - 1);
        b.append(String.format(" · bottom %.0f%% shared %.1f%%", 100 * last.fraction(), 100 * last.bottomOverlap()));
        return b.toString();
    }

    public ObservableList<AttributionRecord> attributions() {
        return model.attributions();
    }

    public javafx.beans.property.ObjectProperty<AttributionRecord> attributionProperty() {
        return model.attributionProperty();
    }

    /** Opens {@code rec}'s scores and runs the engine's analysis (no bootstrap) in the background. */
    public void load(AttributionRecord rec) {
        ProjectSession s = model.session();
        if (rec == null || s == null) {
            header.set("no attribution for this run (run 'mda attribute' or start one from the CLI)");
            return;
        }
        background.run(() -> {
            AttributionData d = AttributionData.open(s.project(), rec.id());
            AttributionAnalysis a = AttributionAnalysis.of(d, 0);
            return new Loaded(d, a, Correlation.spearmanTest(d.scores().scoresAsDoubles(), toDoubles(a.longestRepeat()),
                    PERMUTATIONS, d.run().seed()), AttributionData.factors(s.project(), rec));
        }, this::apply);
    }

    /** One tail's fit as the screen states it (spec §4.5: R &gt; 0 favours the power law). */
    static String tailText(String tail, PowerLawResult p) {
        return p == null ? "power law of the " + tail + ": fewer than " + AttributionAnalysis.MIN_POSITIVE + " scores"
                : String.format("power law of the %s: α = %.3f ± %.3f, x_min = %.4g, KS D = %.4f, n_tail = %d of %d; "
                        + "log-likelihood ratio vs lognormal R = %.2f (p = %.3f), vs exponential R = %.2f (p = %.3f)",
                tail, p.alpha(), p.se(), p.xmin(), p.ks(), p.nTail(), p.n(), p.lognormalR(), p.lognormalP(),
                p.exponentialR(), p.exponentialP());
    }

    /** Permutations for the ρ p-value on fewer than {@link Correlation#PERMUTATION_BELOW} samples. */
    static final int PERMUTATIONS = 999;

    private static double[] toDoubles(int[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private void apply(Loaded l) {
        AttributionData d = l.data();
        AttributionAnalysis a = l.analysis();
        AttributionRecord r = d.record();
        double[] scores = d.scores().scoresAsDoubles();
        header.set(String.format("Attribution #%d: run %s, step %d, head L%d.H%d, probe %s, mode %s, damping %.3g — "
                + "%,d samples scored", r.id(), d.run().name(), r.step(), r.layer(), r.head(), r.probe(), r.mode(),
                r.damping(), a.n()));
        Concentration c = a.concentration();
        powerLaw.set(tailText("positive tail", a.powerLaw()) + " · " + tailText("negative tail (|score|)",
                a.negativePowerLaw()));
        massText.set(String.format("positive: %d samples, mass %.4g · negative: %d samples, mass %.4g · net mass ratio "
                        + "%.3g · top 1%% holds %.1f%% of positive mass, top 5%% %.1f%%, top 10%% %.1f%% · Gini %.3f",
                c.nPositive(), c.positiveMass(), c.nNegative(), c.negativeMass(), c.netMassRatio(),
                100 * c.top1Share(), 100 * c.top5Share(), 100 * c.top10Share(), c.gini())
                + String.format(" · %,d outliers above %.0f× the median |score| hold %.1f%% of it",
                a.outliers().count(), a.outliers().factor(), 100 * a.outliers().massShare()));
        spearman.set(AttributionFigures.spearmanText(l.repeatTest()));
        factorsText.set(l.factors() == null ? "EK-FAC factors: the file is gone from the attribution's folder"
                : "EK-FAC factors · " + String.join(" · ", FactorDiagnostics.of(l.factors()).stream()
                        .map(FactorDiagnostics::summary).toList()));
        loaded.set(l);
        enrichment.clear();
        for (Map.Entry<String, Enrichment> e : a.top5Enrichment().entrySet()) {
            Enrichment en = e.getValue();
            enrichment.add(String.format("%s: %d of top %d (%.1f%%) vs base %.1f%% → ×%.2f, p = %.3g", e.getKey(),
                    en.hitsTop(), en.k(), 100 * en.topShare(), 100 * en.baseRate(), en.ratio(), en.pEnriched()));
        }
    }

    /** One line on the health of the factors per block (spec §3.12): stable ranks, damping-dominated share. */
    public ReadOnlyStringProperty factorsTextProperty() {
        return factorsText.getReadOnlyProperty();
    }

    /** Spearman's ρ of score vs longest repeat with its p-value (engine's {@link Correlation}). */
    public ReadOnlyStringProperty spearmanProperty() {
        return spearman.getReadOnlyProperty();
    }

    /** The attribution on show, null until loaded. */
    public ReadOnlyObjectProperty<Loaded> loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headerProperty() {
        return header.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty powerLawProperty() {
        return powerLaw.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty massTextProperty() {
        return massText.getReadOnlyProperty();
    }

    public ObservableList<String> enrichment() {
        return enrichment;
    }

    public Background background() {
        return background;
    }
}
