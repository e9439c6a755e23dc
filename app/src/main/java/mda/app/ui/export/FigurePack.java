package mda.app.ui.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mda.app.charts.ComparisonFigures;
import mda.app.charts.FormationFigure;
import mda.app.ui.attribution.AttributionFigures;
import mda.app.ui.attribution.FactorFigure;
import mda.app.ui.common.ChartExport;
import mda.app.ui.common.Charts;
import mda.app.ui.interventions.OnsetTable;
import mda.app.ui.samples.SamplesViewModel;
import mda.engine.analysis.Correlation;
import mda.engine.attribution.AttributionAnalysis;
import mda.engine.attribution.AttributionData;
import mda.engine.attribution.EkfacFactors;
import mda.engine.attribution.FactorDiagnostics;
import mda.engine.intervene.ComparisonReport;
import mda.engine.intervene.CurveLoader;
import mda.engine.intervene.RunGroups;
import mda.engine.probe.Onset;
import mda.engine.store.AttributionRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;

/**
 * Everything of one attribution for a paper, into one folder: its histogram, CCDF and rank plot of both tails,
 * influence-vs-repetition scatter and mass chart, the EK-FAC spectrum (with the factor diagnostics as JSON), the attributed head's formation curve (the attribution step
 * marked), and when the run has interventions their formation and ICL comparisons; each chart as PNG (at a DPI), SVG
 * and PDF at a paper preset; plus the samples table, every sample's score, and the onset table as CSV.
 */
public final class FigurePack {
    private FigurePack() {
    }

    /** Writes the pack of attribution {@code attributionId} into {@code dir}; returns the files written. */
    public static List<Path> write(Project project, long attributionId, Path dir, ChartExport.Preset preset, int dpi)
            throws IOException {
        return write(project, attributionId, dir, preset, dpi, EnumSet.allOf(ChartExport.Format.class));
    }

    /** As {@link #write(Project, long, Path, ChartExport.Preset, int)}, each chart in {@code formats} only. */
    public static List<Path> write(Project project, long attributionId, Path dir, ChartExport.Preset preset, int dpi,
            Set<ChartExport.Format> formats) throws IOException {
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("no figure format chosen (png, svg, pdf)");
        }
        AttributionData d = AttributionData.open(project, attributionId);
        AttributionRecord rec = d.record();
        AttributionAnalysis a = AttributionAnalysis.of(d, 0);
        double[] scores = d.scores().scoresAsDoubles();
        double[] repeat = new double[a.longestRepeat().length];
        for (int i = 0; i < repeat.length; i++) {
            repeat[i] = a.longestRepeat()[i];
        }
        Correlation.Test rho = Correlation.spearmanTest(scores, repeat, 999, d.run().seed());
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        for (Map.Entry<String, JFreeChart> e : AttributionFigures.charts(scores, a, rho).entrySet()) {
            charts.put(e.getKey().replace("attribution-", ""), e.getValue());
        }
        charts.put("rank", AttributionFigures.rankChart(scores, a.powerLaw(), a.negativePowerLaw()));
        EkfacFactors factors = AttributionData.factors(project, rec);
        if (factors != null) {
            charts.put("spectrum", FactorFigure.spectrum(factors, FactorFigure.title(rec)));
        }
        charts.put("formation", Charts.themed(formation(project, d.run(), rec)));
        RunRecord base = d.run();
        ComparisonReport report = RunGroups.interventions(project, base).isEmpty() ? null
                : ComparisonReport.build(project, base, List.of(), new int[] {rec.layer(), rec.head()});
        if (report != null) {
            charts.put("interventions-formation", Charts.themed(ComparisonFigures.formation(report)));
            JFreeChart icl = ComparisonFigures.icl(report);
            if (icl != null) {
                charts.put("interventions-icl", Charts.themed(icl));
            }
        }
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
            for (ChartExport.Format f : formats) {
                Path file = dir.resolve(e.getKey() + "." + f.extension());
                ChartExport.write(e.getValue(), f, file, preset.widthInches(), preset.heightInches(), dpi);
                out.add(file);
            }
        }
        Path samples = dir.resolve("samples.csv");
        TableCsv.samples(SamplesViewModel.rows(project, d, AttributionData.tokenizer(project, d.corpus())), samples);
        out.add(samples);
        Path all = dir.resolve("scores.csv");
        a.writeCsv(d.scores(), all);
        out.add(all);
        if (factors != null) {
            Path json = dir.resolve("factors.json");
            Files.writeString(json, FactorDiagnostics.toJson(rec.id(), FactorDiagnostics.of(factors)),
                    StandardCharsets.UTF_8);
            out.add(json);
        }
        if (report != null) {
            Path onsets = dir.resolve("onsets.csv");
            TableCsv.onsets(OnsetTable.rows(report), onsets);
            out.add(onsets);
        }
        return out;
    }

    /** The attributed head's induction score over training, with the attribution's checkpoint marked. */
    static JFreeChart formation(Project project, RunRecord run, AttributionRecord rec) throws IOException {
        CurveLoader.Curves c = CurveLoader.load(project, run, rec.layer(), rec.head());
        JFreeChart chart = FormationFigure.chart("Formation of L" + rec.layer() + ".H" + rec.head() + " in " + run.name(),
                "induction score", List.of(new FormationFigure.Band(run.name(), List.of(c.induction()))));
        ValueMarker m = new ValueMarker(rec.step() == 0 ? Onset.STEP_ZERO_AS : rec.step());
        m.setPaint(java.awt.Color.GRAY);
        m.setStroke(new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                new float[] {4f, 3f}, 0f));
        m.setLabel("attribution step " + rec.step());
        m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
        chart.getXYPlot().addDomainMarker(m);
        return chart;
    }
}
