package mda.app.cli;

import com.google.gson.Gson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mda.app.charts.ComparisonFigures;
import mda.engine.intervene.ComparisonReport;
import mda.engine.intervene.CurveLoader;
import mda.engine.intervene.InterventionJob;
import mda.engine.intervene.RunComparison;
import mda.engine.intervene.RunCurve;
import mda.engine.jobs.JobParams;
import mda.engine.model.ModelConfig;
import mda.engine.probe.Comparison;
import mda.engine.probe.Onset;
import mda.engine.probe.OnsetResult;
import mda.engine.store.AttributionRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.TrainConfig;

/**
 * {@code mda demo --full}: after the demo's baseline and attribution, the intervention study of spec §6.4 —
 * remove-top, remove-random and duplicate-top (×2) at k = 10% for three seeds — then the comparison, the formation
 * and ICL figures and {@code report.md} in the project folder. Every retrain is an {@link InterventionJob}, so a
 * second call keeps the finished runs and continues an interrupted one.
 */
final class DemoFull {
    static final double K = 10;
    static final int SEEDS = 3;
    static final String[] PLANS = {"remove-top", "remove-random", "duplicate-top"};
    static final String REPORT = "report.md";
    static final String FIGURES = "figures";

    private DemoFull() {
    }

    /**
     * What the report's setup section says.
     *
     * @param corpus      one line on the corpus
     * @param training    one line on model and training
     * @param attribution one line on the attributed head, checkpoint and probe
     * @param windowSize  n_W, the scored candidates
     * @param fills       how each plan's slots were filled, e.g. "remove-top-k10: resample"
     */
    record Setup(String corpus, String training, String attribution, int windowSize, List<String> fills) {
    }

    /** Runs the study on {@code run}'s latest scored attribution and writes figures and report; returns the report. */
    static Path run(Project p, RunRecord run, String probe) throws Exception {
        AttributionRecord attr = null;
        for (AttributionRecord a : p.attributions().forRun(run.id())) {
            if ("scored".equals(a.status()) && a.probe().equals(probe)) {
                attr = a;
            }
        }
        if (attr == null) {
            throw new IllegalArgumentException("run " + run.name() + " has no scored " + probe + " attribution; "
                    + "run 'mda demo' without --full first");
        }
        List<String> groups = new ArrayList<>();
        List<String> fills = new ArrayList<>();
        int window = 0;
        for (String plan : PLANS) {
            InterventionJob.Params params = new InterventionJob.Params(run.id(), attr.id(), plan, K, 2, SEEDS, "auto");
            System.out.printf(Locale.ROOT, "%nintervention %s at k = %.0f%% for %d seeds%n", plan, K, SEEDS);
            InterventionJob.Result r = Jobs.run(p, new InterventionJob(params), JobParams.toJson(params));
            String group = mda.engine.intervene.RunGroups.groupOf(r.runs().get(0).name());
            String label = group.substring(run.name().length() + 1); // the plan label, made unique per attribution
            groups.add(group);
            fills.add(label + ": " + r.edit().samples().length + " samples, " + r.edit().changedSlots()
                    + " slots changed, fill " + r.edit().plan().fill().name().toLowerCase(Locale.ROOT) + "; "
                    + InterveneCommand.repeats(p, run, attr.step(), r));
            window = r.edit().windowSize();
            System.out.printf(Locale.ROOT, "%s: trained %d run(s) now, the others were finished before%n", label,
                    r.trained().size());
        }
        ComparisonReport report = ComparisonReport.build(p, run, groups, new int[] {attr.layer(), attr.head()});
        System.out.println();
        System.out.print(mda.engine.intervene.ComparisonTable.format(report));
        List<Path> figures = ComparisonFigures.write(report, p.dir().resolve(FIGURES));
        Setup setup = new Setup(p.corpora().get(run.corpusId()).map(c -> c.name() + " (" + c.kind() + ", "
                + c.tokens() + " tokens in " + c.documents() + " documents, vocab " + c.vocab() + ")").orElse("?"),
                training(run),
                String.format(Locale.ROOT, "L%d.H%d at step %d, probe %s, mode %s, damping %s", attr.layer(),
                        attr.head(), attr.step(), attr.probe(), attr.mode(), attr.damping()), window, fills);
        List<String> rel = new ArrayList<>();
        for (Path f : figures) {
            if (f.toString().endsWith(".png")) {
                rel.add(FIGURES + "/" + f.getFileName());
            }
        }
        Path out = p.dir().resolve(REPORT);
        Files.writeString(out, markdown(setup, report, rel), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath() + " and " + figures.size() + " figure files");
        return out;
    }

    private static String training(RunRecord run) {
        ModelConfig m = new Gson().fromJson(run.configJson(), ModelConfig.class);
        TrainConfig t = TrainConfig.fromJson(run.trainJson());
        return String.format(Locale.ROOT, "%d layers, d = %d, %d heads, %s, context %d, vocab %d; %d steps of batch "
                + "%d, lr %s, warmup %d, seed %d", m.layers(), m.dModel(), m.heads(),
                m.hasMlp() ? "MLP " + m.dFf() : "attention only", m.ctx(), m.vocab(), t.steps(), t.batchSize(),
                t.lrMax(), t.warmupSteps(), t.seed());
    }

    /** The Markdown report: setup, onset table with ratios and CIs, per-plan summary, censored runs, ICL, figures. */
    static String markdown(Setup setup, ComparisonReport report, List<String> figures) {
        StringBuilder sb = new StringBuilder();
        sb.append("# MDA demo: interventions on the induction head\n\n## Setup\n\n");
        sb.append("- corpus: ").append(setup.corpus()).append('\n');
        sb.append("- model: ").append(setup.training()).append('\n');
        sb.append("- attribution: ").append(setup.attribution()).append(", n_W = ").append(setup.windowSize())
                .append(" candidate samples\n");
        sb.append(String.format(Locale.ROOT, "- plans at k = %s%% of n_W, %d seeds each (baseline replicates share "
                + "the data order, only the init seed differs):%n", K == Math.rint(K) ? String.valueOf((long) K)
                : String.valueOf(K), SEEDS));
        for (String f : setup.fills()) {
            sb.append("  - ").append(f).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "- onset: first crossing of θ_τ = m_lo + τ(m_hi − m_lo), reference "
                + "levels from each seed's baseline only (spec §2.6); 95%% CIs from %d bootstrap replicates over the "
                + "evaluation sequences; ρ = s*_intervention / s*_baseline, paired by seed%n",
                RunComparison.REPLICATES));
        sb.append("- reading: a plan's shift counts only beyond the remove-random row and the spread across seeds, "
                + "because any edit of the data order perturbs the trajectory (spec §6.5)\n");
        sb.append(String.format(Locale.ROOT, "%n## Onset of the target head L%d.H%d (induction score, τ = 0.5)%n%n",
                report.layer(), report.head()));
        sb.append("| plan | seed | baseline onset [95% CI] | intervention onset [95% CI] | Δ steps | ρ |\n");
        sb.append("|---|---|---|---|---|---|\n");
        Set<String> censored = new LinkedHashSet<>();
        for (ComparisonReport.Group g : report.groups()) {
            for (RunComparison.Pair pr : g.induction().pairs()) {
                if (pr.byTau() == null) {
                    sb.append(String.format(Locale.ROOT, "| %s | %d | %s | | | |%n", g.label(), pr.seed(),
                            pr.note()));
                    censored.add("`" + pr.baseRun() + "`: " + pr.note()
                            + "; its plan runs have no onset to compare");
                    continue;
                }
                Comparison c = pr.byTau()[1];
                String lb = c.intervention().rightCensored() ? "≥ " : "";
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", g.label(), pr.seed(),
                        onset(pr.base().byTau()[1]), onset(pr.intervention().byTau()[1]),
                        c.base().rightCensored() ? "n/a" : lb + fmt(c.delta()),
                        c.base().rightCensored() ? "n/a" : lb + String.format(Locale.ROOT, "%.3f", c.ratio())));
                if (c.base().rightCensored()) {
                    censored.add(censoredLine(pr.baseRun(), c.base()));
                }
                if (c.intervention().rightCensored()) {
                    censored.add(censoredLine(pr.run(), c.intervention()));
                }
            }
        }
        sb.append("\n### Per plan (τ = 0.5)\n\n");
        sb.append("| plan | ρ per seed | ρ median | ρ mean ± sd | Δ mean ± sd | sign test (+/−, p) | censored "
                + "(baseline / intervention) |\n|---|---|---|---|---|---|---|\n");
        for (ComparisonReport.Group g : report.groups()) {
            RunComparison.Summary s = g.induction().byTau()[1];
            List<String> per = new ArrayList<>();
            for (double v : s.ratios()) {
                per.add(Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a");
            }
            if (s.ratio() == null) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | n/a | n/a | n/a | n/a | %d / %d |%n", g.label(),
                        String.join(", ", per), s.baseCensored(), s.interventionCensored()));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f ± %.3f | %s ± %s | %d/%d, p = %.3f | "
                    + "%d / %d |%n", g.label(), String.join(", ", per), s.medianRatio(), s.ratio().mean(),
                    s.ratio().sd(), fmt(s.delta().mean()), fmt(s.delta().sd()), s.ratio().positive(),
                    s.ratio().negative(), s.ratio().signTestP(), s.baseCensored(), s.interventionCensored()));
        }
        sb.append("\n## Censored runs\n\n");
        if (censored.isEmpty()) {
            sb.append("None: every run crossed θ_0.5 of its baseline.\n");
        } else {
            for (String line : censored) {
                sb.append("- ").append(line).append('\n');
            }
        }
        icl(sb, report);
        sb.append("\n## Figures\n\n");
        for (String f : figures) {
            sb.append("![").append(f).append("](").append(f).append(")\n\n");
        }
        return sb.toString();
    }

    /** ICL gain at the horizon per seed, its change, and the ICL onset ratio. */
    private static void icl(StringBuilder sb, ComparisonReport report) {
        sb.append("\n## ICL change\n\nICL gain = loss early − loss late in the context on held-out text, at the last "
                + "checkpoint; its onset ratio uses the same τ = 0.5 rule.\n\n");
        sb.append("| plan | seed | baseline ICL gain | intervention ICL gain | change | ICL onset ρ |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (ComparisonReport.Group g : report.groups()) {
            for (int i = 0; i < g.runs().size(); i++) {
                RunCurve run = g.runs().get(i).icl();
                RunCurve base = baseOf(report, g.runs().get(i).induction().seed());
                if (run == null || base == null) {
                    sb.append(String.format(Locale.ROOT, "| %s | %d | no ICL gain recorded | | | |%n", g.label(),
                            g.runs().get(i).induction().seed()));
                    continue;
                }
                double b = base.values()[base.size() - 1];
                double r = run.values()[run.size() - 1];
                String rho = "n/a";
                if (g.icl() != null && i < g.icl().pairs().size() && g.icl().pairs().get(i).byTau() != null) {
                    Comparison c = g.icl().pairs().get(i).byTau()[1];
                    rho = c.base().rightCensored() ? "n/a" : (c.intervention().rightCensored() ? "≥ " : "")
                            + String.format(Locale.ROOT, "%.3f", c.ratio());
                }
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %+.3f | %s |%n", g.label(),
                        run.seed(), b, r, r - b, rho));
            }
        }
    }

    private static RunCurve baseOf(ComparisonReport report, long seed) {
        for (CurveLoader.Curves c : report.baselines()) {
            if (c.induction().seed() == seed) {
                return c.icl();
            }
        }
        return null;
    }

    private static String censoredLine(String run, OnsetResult o) {
        return "`" + run + "`: never crossed θ_0.5 by step " + o.lastStep() + " (right-censored; its Δ and ρ are "
                + "lower bounds)";
    }

    private static String onset(Onset.OnsetCi ci) {
        OnsetResult e = ci.estimate();
        String est = e.rightCensored() ? "> " + e.lastStep() + " (censored)" : fmt(e.step());
        if (Double.isNaN(ci.lower())) {
            return est;
        }
        return est + " [" + bound(ci.lower()) + ", " + bound(ci.upper()) + "]";
    }

    private static String bound(double v) {
        return Double.isInfinite(v) ? "cens." : fmt(v);
    }

    /** Steps to the nearest integer, small values to one decimal. */
    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
