package mda.app.ui.interventions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mda.engine.intervene.ComparisonReport;
import mda.engine.intervene.RunComparison;
import mda.engine.probe.Comparison;
import mda.engine.probe.Onset;

/** The rows and per-group summaries of the onset table, read off a {@link ComparisonReport} (no arithmetic here). */
public final class OnsetTable {
    private static final int TAUS = RunComparison.TAUS.length;

    private OnsetTable() {
    }

    /** Target-head induction rows, then ICL-gain rows; each group's baselines (once) before its interventions. */
    public static List<OnsetRow> rows(ComparisonReport report) {
        List<OnsetRow> out = new ArrayList<>();
        String induction = "induction L" + report.layer() + ".H" + report.head();
        Set<String> shown = new HashSet<>();
        for (ComparisonReport.Group g : report.groups()) {
            add(out, induction, g.label(), g.induction(), shown);
        }
        shown.clear();
        for (ComparisonReport.Group g : report.groups()) {
            if (g.icl() != null) {
                add(out, "ICL gain", g.label(), g.icl(), shown);
            }
        }
        return out;
    }

    private static void add(List<OnsetRow> out, String metric, String group, RunComparison.Result r,
            Set<String> shownBaselines) {
        for (RunComparison.Pair p : r.pairs()) {
            if (shownBaselines.add(p.baseRun())) {
                out.add(row(metric, group, p.baseRun(), p.seed(), "baseline", p.base(), null, p.note()));
            }
        }
        for (RunComparison.Pair p : r.pairs()) {
            out.add(row(metric, group, p.run(), p.seed(), "intervention", p.intervention(), p.byTau(), p.note()));
        }
    }

    private static OnsetRow row(String metric, String group, String run, long seed, String role,
            RunComparison.Onsets o, Comparison[] vsBase, String note) {
        double[] onset = nan();
        double[] lo = nan();
        double[] hi = nan();
        double[] ratio = nan();
        boolean[] cens = new boolean[TAUS];
        long last = -1;
        for (int t = 0; o != null && t < TAUS; t++) {
            Onset.OnsetCi ci = o.byTau()[t];
            cens[t] = ci.estimate().rightCensored();
            onset[t] = cens[t] ? Double.NaN : ci.estimate().step();
            lo[t] = ci.lower();
            hi[t] = ci.upper();
            last = ci.estimate().lastStep();
            if (vsBase != null && !vsBase[t].base().rightCensored()) {
                ratio[t] = vsBase[t].ratio();
            }
        }
        double delta = vsBase != null && !vsBase[1].base().rightCensored() ? vsBase[1].delta() : Double.NaN;
        return new OnsetRow(metric, group, run, seed, role, onset, lo, hi, cens, last, ratio, delta,
                note == null ? "" : note);
    }

    private static double[] nan() {
        double[] a = new double[TAUS];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** One line per group, metric and τ: the ratio over seeds and how many runs are censored. */
    public static List<String> summaries(ComparisonReport report) {
        List<String> out = new ArrayList<>();
        for (ComparisonReport.Group g : report.groups()) {
            summarize(out, "induction", g.label(), g.induction());
            if (g.icl() != null) {
                summarize(out, "ICL gain", g.label(), g.icl());
            }
        }
        return out;
    }

    private static void summarize(List<String> out, String metric, String group, RunComparison.Result r) {
        for (RunComparison.Summary s : r.byTau()) {
            String head = String.format(Locale.ROOT, "%s, %s, τ=%.2f: ", group, metric, s.tau());
            if (s.ratio() == null) {
                out.add(head + "no ratio (every baseline is censored or never formed)");
                continue;
            }
            Comparison.PairedSummary d = s.delta();
            out.add(head + String.format(Locale.ROOT, "ratio median %.3f, mean %.3f ± %.3f; Δ mean %s ± %s steps, "
                    + "sign test %d+/%d− p = %.3f; censored: baseline %d, intervention %d%s", s.medianRatio(),
                    s.ratio().mean(), s.ratio().sd(), OnsetRow.step(d.mean()), OnsetRow.step(d.sd()), d.positive(),
                    d.negative(), d.signTestP(), s.baseCensored(), s.interventionCensored(),
                    s.interventionCensored() > 0 ? " (their ratios are lower bounds)" : ""));
        }
    }
}
