package mda.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import mda.app.ui.common.ChartExport;
import mda.app.ui.training.TrainingFigures;
import mda.engine.store.MetricSeries;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.HeadsReport;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mda heads}: the layer × head table of every score, formation curves and the induction onset. */
@Command(name = "heads", description = "Per-head scores at a checkpoint, formation curves and the induction onset; "
        + "with --out, the training figures (loss, formation, per-score heatmaps) as PNG, SVG and PDF.")
final class HeadsCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--run", description = "run name (default: the project's only or latest run)")
    String runName;

    @Option(names = "--step", description = "checkpoint step (default: the last measured)")
    Long step;

    @Option(names = "--out", description = "also write the training figures into this folder: loss, formation curves "
            + "with the onset, and a layer × head heatmap of every score at the step")
    Path out;

    @Mixin
    PaperOptions paper;

    @Mixin
    FormatsOption formats;

    @Override
    public Integer call() throws Exception {
        try (Project p = project.open()) {
            RunRecord run = findRun(p, runName);
            ChartExport.Preset preset = paper.paper(ChartExport.Preset.SINGLE_COLUMN);
            Set<ChartExport.Format> chosen = formats.chosen();
            if (out != null) {
                FormatsOption.requireFolder(out);
            }
            HeadsReport report = HeadsReport.build(p, run, step);
            print(report, System.out);
            if (out != null) {
                for (Map.Entry<String, JFreeChart> e : TrainingFigures.forRun(p, report).entrySet()) {
                    for (ChartExport.Format f : chosen) {
                        Path file = out.resolve(e.getKey() + "." + f.extension());
                        ChartExport.write(e.getValue(), f, file, preset.widthInches(), preset.heightInches(),
                                paper.dpi);
                        System.out.println("wrote " + file);
                    }
                }
            }
        }
        return 0;
    }

    static RunRecord findRun(Project p, String name) {
        if (name != null) {
            return p.runs().byName(name).orElseThrow(() -> new IllegalArgumentException(
                    "the project has no run named '" + name + "'"));
        }
        var runs = p.runs().list();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("the project has no run yet; run 'mda train' first");
        }
        return runs.get(runs.size() - 1);
    }

    static void print(HeadsReport r, PrintStream out) {
        var cfg = r.config();
        out.printf("run %s (%s), checkpoint step %d: scores per layer.head%n", r.run().name(), r.run().status(),
                r.step());
        StringBuilder header = new StringBuilder(String.format("%-16s", "score"));
        for (int l = 0; l < cfg.layers(); l++) {
            for (int h = 0; h < cfg.heads(); h++) {
                header.append(String.format("%8s", "L" + l + ".H" + h));
            }
        }
        out.println(header);
        for (Map.Entry<String, double[][]> e : r.tables().entrySet()) {
            StringBuilder row = new StringBuilder(String.format("%-16s", e.getKey()));
            for (double[] layer : e.getValue()) {
                for (double v : layer) {
                    row.append(String.format("%8.3f", v));
                }
            }
            out.println(row);
        }
        out.println();
        int il = r.inductionLayer();
        int ih = r.inductionHead();
        out.printf("induction head L%d.H%d: induction %.3f (long repeats), %.3f (short repeats); "
                        + "previous-token head L%d.H%d: %.3f%n", il, ih,
                r.tables().get("induction")[il][ih], r.tables().get("induction_short")[il][ih], r.prevLayer(),
                r.prevHead(), r.tables().get("prev_token")[r.prevLayer()][r.prevHead()]);
        out.println();
        out.printf("formation curve of L%d.H%d (induction score by step):%n", il, ih);
        printCurve(r.induction(), r.iclGain(), out);
        out.println();
        if (r.onset() != null && !r.onset().estimate().rightCensored()) {
            var ci = r.onset().estimate();
            out.printf("induction onset (tau = 0.5): step %.0f, 95%% CI [%.0f, %s] over %d bootstrap replicates%n",
                    ci.step(), r.onset().lower(), Double.isInfinite(r.onset().upper()) ? "censored"
                            : String.format("%.0f", r.onset().upper()), r.onset().replicates());
            out.printf("ICL gain: %.3f before the onset, %.3f at the end%n", r.iclBeforeOnset(), r.iclAfterOnset());
        } else {
            out.println("induction onset: " + r.onsetNote());
        }
    }

    private static void printCurve(MetricSeries ind, MetricSeries icl, PrintStream out) {
        int n = ind.size();
        // at most ~24 rows: every checkpoint early is too many lines for a terminal
        int stride = Math.max(1, (int) Math.ceil(n / 24.0));
        out.printf("  %8s  %9s  %-40s %s%n", "step", "induction", "", "ICL gain");
        for (int i = 0; i < n; i += stride) {
            printRow(ind, icl, i, out);
        }
        if ((n - 1) % stride != 0) {
            printRow(ind, icl, n - 1, out);
        }
    }

    private static void printRow(MetricSeries ind, MetricSeries icl, int i, PrintStream out) {
        double v = ind.values()[i];
        int bar = (int) Math.round(Math.max(0, Math.min(1, v)) * 40);
        String gain = i < icl.size() ? String.format("%8.3f", icl.values()[i]) : "";
        out.printf("  %8d  %9.3f  %-40s %s%n", ind.steps()[i], v, "#".repeat(bar), gain);
    }
}
