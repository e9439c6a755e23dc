package mda.engine.intervene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mda.engine.probe.MetricKind;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;

/**
 * Everything {@code mda compare} shows: the target head, the baseline curves (one per seed), and for each
 * intervention group its curves and the paired comparisons on the head's induction score and on the ICL gain.
 *
 * @param layer     target head layer
 * @param head      target head index
 * @param baselines baseline curves, one per seed
 * @param groups    intervention groups in the order asked for
 */
public record ComparisonReport(int layer, int head, List<CurveLoader.Curves> baselines, List<Group> groups) {

    /**
     * One intervention group.
     *
     * @param label     group label (the plan label, or the run name for a single run)
     * @param runs      the group's curves, one per seed
     * @param induction target-head comparison
     * @param best      comparison of each run's best head in the target layer (runs named with that head)
     * @param icl       ICL-gain comparison, null when a run lacks the ICL gain
     */
    public record Group(String label, List<CurveLoader.Curves> runs, RunComparison.Result induction,
                        RunComparison.Result best, RunComparison.Result icl) {
    }

    /**
     * Builds the report for {@code baseline} (whose seed replicates join it) against the named runs or groups
     * ({@link RunGroups#resolve}); with none named, against every intervention of the baseline.
     *
     * @param headOverride {layer, head}, or null for the plans' attribution head, else the baseline's strongest
     *                     induction head at its last checkpoint
     */
    public static ComparisonReport build(Project project, RunRecord baseline, List<String> others,
            int[] headOverride) throws IOException {
        Map<String, List<RunRecord>> groups = new LinkedHashMap<>();
        if (others.isEmpty()) {
            groups.putAll(RunGroups.interventions(project, baseline));
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("run " + baseline.name() + " has no interventions yet; name runs"
                        + " to compare with it, or run 'mda intervene --run " + baseline.name() + "' first");
            }
        } else {
            for (String arg : others) {
                List<RunRecord> runs = RunGroups.resolve(project, arg);
                String label = runs.size() == 1 ? RunGroups.groupOf(runs.get(0).name()) : arg;
                groups.computeIfAbsent(label, k -> new ArrayList<>()).addAll(runs);
            }
        }
        int[] lh = headOverride != null ? headOverride : targetHead(project, baseline, groups);
        List<CurveLoader.Curves> bases = new ArrayList<>();
        for (RunRecord b : RunGroups.baselines(project, baseline)) {
            if (project.metrics().latestStep(b.id()).isPresent()) {
                bases.add(CurveLoader.load(project, b, lh[0], lh[1]));
            }
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, List<RunRecord>> e : groups.entrySet()) {
            List<CurveLoader.Curves> curves = new ArrayList<>();
            for (RunRecord r : e.getValue()) {
                curves.add(CurveLoader.load(project, r, lh[0], lh[1]));
            }
            out.add(group(e.getKey(), bases, curves));
        }
        return new ComparisonReport(lh[0], lh[1], bases, out);
    }

    /** Compares one group's curves with the baselines (also used on curves not stored in a project). */
    public static Group group(String label, List<CurveLoader.Curves> baselines, List<CurveLoader.Curves> runs) {
        List<RunCurve> bInd = new ArrayList<>();
        List<RunCurve> bBest = new ArrayList<>();
        List<RunCurve> bIcl = new ArrayList<>();
        for (CurveLoader.Curves c : baselines) {
            bInd.add(c.induction());
            bBest.add(named(c));
            bIcl.add(c.icl());
        }
        List<RunCurve> rInd = new ArrayList<>();
        List<RunCurve> rBest = new ArrayList<>();
        List<RunCurve> rIcl = new ArrayList<>();
        for (CurveLoader.Curves c : runs) {
            rInd.add(c.induction());
            rBest.add(named(c));
            rIcl.add(c.icl());
        }
        RunComparison.Result ind = RunComparison.compare(MetricKind.INDUCTION, label, bInd, rInd);
        RunComparison.Result best = RunComparison.compare(MetricKind.INDUCTION, label, bBest, rBest);
        boolean hasIcl = !bIcl.contains(null) && !rIcl.contains(null);
        RunComparison.Result icl = hasIcl ? RunComparison.compare(MetricKind.ICL_GAIN, label, bIcl, rIcl) : null;
        return new Group(label, runs, ind, best, icl);
    }

    /** The best-head curve with the head in its name, e.g. {@code run [H3]}. */
    private static RunCurve named(CurveLoader.Curves c) {
        RunCurve b = c.best();
        return new RunCurve(b.run() + " [H" + c.bestHead() + "]", b.seed(), b.steps(), b.values(), b.perSeq());
    }

    private static int[] targetHead(Project project, RunRecord baseline, Map<String, List<RunRecord>> groups) {
        for (List<RunRecord> runs : groups.values()) {
            for (RunRecord r : runs) {
                InterventionPlan plan = RunGroups.plan(r);
                if (plan != null) {
                    var a = project.attributions().get(plan.attributionId());
                    if (a.isPresent()) {
                        return new int[] {a.get().layer(), a.get().head()};
                    }
                }
            }
        }
        long last = project.metrics().latestStep(baseline.id()).orElseThrow(() -> new IllegalArgumentException(
                "run " + baseline.name() + " has no measured checkpoint yet"));
        double[][] t = project.metrics().atStep(baseline.id(), last, MetricKind.INDUCTION);
        int[] best = {Math.min(1, t.length - 1), 0};
        double v = Double.NEGATIVE_INFINITY;
        // an induction head needs a previous-token head below it, so layer 0 is not a candidate when deeper exist
        for (int l = Math.min(1, t.length - 1); l < t.length; l++) {
            for (int h = 0; h < t[l].length; h++) {
                if (t[l][h] > v) {
                    v = t[l][h];
                    best = new int[] {l, h};
                }
            }
        }
        return best;
    }
}
