package mda.app.charts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import mda.engine.intervene.ComparisonReport;
import mda.engine.intervene.CurveLoader;
import mda.engine.intervene.RunCurve;
import org.jfree.chart.JFreeChart;

/** The two figures of a run comparison: the target head's formation and the ICL gain, baseline first. */
public final class ComparisonFigures {
    private ComparisonFigures() {
    }

    /**
     * Writes {@code formation.png/.svg} (target head), {@code formation-best.png/.svg} (each run's best head of the
     * target layer) and, when every run has an ICL gain, {@code icl.png/.svg} into
     * {@code dir}; returns the files written.
     */
    public static List<Path> write(ComparisonReport report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> out = new ArrayList<>();
        out.addAll(FormationFigure.write(formation(report), dir.resolve("formation"), FormationFigure.WIDTH,
                FormationFigure.HEIGHT));
        out.addAll(FormationFigure.write(formationBest(report), dir.resolve("formation-best"), FormationFigure.WIDTH,
                FormationFigure.HEIGHT));
        JFreeChart icl = icl(report);
        if (icl != null) {
            out.addAll(FormationFigure.write(icl, dir.resolve("icl"), FormationFigure.WIDTH, FormationFigure.HEIGHT));
        }
        return out;
    }

    /** The target head's induction score: the baseline band, then one band per intervention group. */
    public static JFreeChart formation(ComparisonReport report) {
        return FormationFigure.chart("Induction score of L" + report.layer() + ".H" + report.head(),
                "induction score", bands(report, CurveLoader.Curves::induction));
    }

    /** Each run's best induction head of the target layer (a retrain may form its head at another index). */
    public static JFreeChart formationBest(ComparisonReport report) {
        return FormationFigure.chart("Best induction head of layer " + report.layer() + " in each run",
                "induction score", bands(report, CurveLoader.Curves::best));
    }

    /** The ICL gain curves; null when some run has none recorded. */
    public static JFreeChart icl(ComparisonReport report) {
        List<FormationFigure.Band> icl = bands(report, CurveLoader.Curves::icl);
        return icl == null ? null : FormationFigure.chart("ICL gain (loss early − loss late)", "ICL gain", icl);
    }

    /** Baseline band then one band per group; null when some run lacks the curve. */
    private static List<FormationFigure.Band> bands(ComparisonReport report,
            Function<CurveLoader.Curves, RunCurve> pick) {
        List<FormationFigure.Band> out = new ArrayList<>();
        List<RunCurve> base = curves(report.baselines(), pick);
        if (base == null || base.isEmpty()) {
            return null;
        }
        out.add(new FormationFigure.Band("baseline", base));
        for (ComparisonReport.Group g : report.groups()) {
            List<RunCurve> runs = curves(g.runs(), pick);
            if (runs == null || runs.isEmpty()) {
                return null;
            }
            out.add(new FormationFigure.Band(g.label(), runs));
        }
        return out;
    }

    private static List<RunCurve> curves(List<CurveLoader.Curves> all, Function<CurveLoader.Curves, RunCurve> pick) {
        List<RunCurve> out = new ArrayList<>();
        for (CurveLoader.Curves c : all) {
            RunCurve r = pick.apply(c);
            if (r == null) {
                return null;
            }
            out.add(r);
        }
        return out;
    }
}
