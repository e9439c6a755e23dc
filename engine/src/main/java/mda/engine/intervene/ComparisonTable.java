package mda.engine.intervene;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import mda.engine.probe.Comparison;
import mda.engine.probe.Onset;
import mda.engine.probe.OnsetResult;

/** The plain-text table of a {@link ComparisonReport}: per-seed onsets, paired deltas and ratios, summaries. */
public final class ComparisonTable {
    private static final String ROW = "%-38s %4s  %-13s %-30s %-13s %-9s %-9s %-9s %-7s %-8s%n";

    private ComparisonTable() {
    }

    /** The whole report: the induction section, then the ICL-gain section. */
    public static String format(ComparisonReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Target head L%d.H%d, induction score. Reference levels from each "
                + "seed's baseline only; onsets in steps with 95%% bootstrap CIs (%d replicates).%n", report.layer(),
                report.head(), RunComparison.REPLICATES));
        section(sb, report, Section.TARGET);
        sb.append(String.format(Locale.ROOT, "%nBest induction head of layer %d in each run (a retrain may form its "
                + "head at another index), same reference levels rule.%n", report.layer()));
        section(sb, report, Section.BEST);
        sb.append(String.format(Locale.ROOT, "%nICL gain (loss early − loss late on held-out text).%n"));
        section(sb, report, Section.ICL);
        return sb.toString();
    }

    private enum Section { TARGET, BEST, ICL }

    private static void section(StringBuilder sb, ComparisonReport report, Section which) {
        sb.append(String.format(Locale.ROOT, ROW, "run", "seed", "τ=0.25", "τ=0.5 [CI]", "τ=0.75", "max-slope",
                "logistic", "Δ(τ=.5)", "ρ(τ=.5)", "area"));
        Set<String> shownBases = new HashSet<>();
        for (ComparisonReport.Group g : report.groups()) {
            RunComparison.Result r = which == Section.ICL ? g.icl()
                    : which == Section.BEST ? g.best() : g.induction();
            if (r == null) {
                sb.append("  ").append(g.label()).append(": no ICL gain recorded for every run\n");
                continue;
            }
            for (RunComparison.Pair p : r.pairs()) {
                if (shownBases.add(p.baseRun())) {
                    onsetRow(sb, p.baseRun(), p.seed(), p.base(), null, p.note());
                }
            }
            for (RunComparison.Pair p : r.pairs()) {
                onsetRow(sb, p.run(), p.seed(), p.intervention(), p.byTau() == null ? null : p.byTau()[1], p.note());
            }
            for (int t = 0; t < RunComparison.TAUS.length; t++) {
                summaryLine(sb, g.label(), r.byTau()[t]);
            }
        }
    }

    private static void onsetRow(StringBuilder sb, String run, long seed, RunComparison.Onsets o, Comparison c,
            String note) {
        if (o == null) {
            sb.append(String.format(Locale.ROOT, "%-34s %4d  no onset: %s%n", run, seed, note));
            return;
        }
        String delta = c == null ? "" : c.intervention().rightCensored() ? "≥" + num(c.delta()) : num(c.delta());
        String ratio = c == null ? "" : (c.intervention().rightCensored() ? "≥" : "") + fixed(c.ratio(), 3);
        String area = c == null ? "" : fixed(c.signedArea(), 3);
        sb.append(String.format(Locale.ROOT, ROW, run, String.valueOf(seed), onset(o.byTau()[0].estimate()),
                withCi(o.byTau()[1]), onset(o.byTau()[2].estimate()), num(o.maxSlope()), num(o.logistic()), delta,
                ratio, area));
    }

    private static void summaryLine(StringBuilder sb, String label, RunComparison.Summary s) {
        sb.append(String.format(Locale.ROOT, "  %s τ=%.2f: ", label, s.tau()));
        if (s.ratio() == null) {
            sb.append("no ratio: every baseline is censored or never formed\n");
            return;
        }
        StringBuilder per = new StringBuilder();
        for (double v : s.ratios()) {
            per.append(per.length() == 0 ? "" : ", ").append(Double.isFinite(v) ? fixed(v, 3) : "n/a");
        }
        Comparison.PairedSummary d = s.delta();
        sb.append(String.format(Locale.ROOT, "ρ median %s, mean %s ± %s (per seed %s); Δ mean %s ± %s, sign test "
                + "%d+/%d− p=%.3f; censored: baseline %d, intervention %d (their Δ, ρ are lower bounds)%n",
                fixed(s.medianRatio(), 3), fixed(s.ratio().mean(), 3), fixed(s.ratio().sd(), 3), per,
                num(d.mean()), num(d.sd()), d.positive(), d.negative(), d.signTestP(), s.baseCensored(),
                s.interventionCensored()));
    }

    private static String onset(OnsetResult o) {
        return o.rightCensored() ? ">" + o.lastStep() + " (cens.)" : num(o.step());
    }

    private static String withCi(Onset.OnsetCi ci) {
        String est = onset(ci.estimate());
        if (Double.isNaN(ci.lower())) {
            return est;
        }
        return est + " [" + bound(ci.lower()) + ", " + bound(ci.upper()) + "]";
    }

    /** A CI bound; infinite when that quantile falls on censored bootstrap replicates. */
    private static String bound(double v) {
        return Double.isInfinite(v) ? "cens." : num(v);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
