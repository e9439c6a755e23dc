package mda.engine.intervene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mda.engine.probe.Comparison;
import mda.engine.probe.MetricKind;
import mda.engine.store.MetricValue;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.RunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report read back from a project: metric rows and per-sequence files as the training job writes them. */
class ComparisonReportTest {
    @TempDir
    Path tmp;

    /** Stores O15-shaped induction (L1.H0 of a 2×2 model) and ICL curves with per-sequence files for a run. */
    static RunRecord storeRun(Project p, String name, long seed, Long parent, double c) throws Exception {
        return storeRun(p, name, seed, parent, c, 0);
    }

    /** As above with the induction head formed at L1.H{@code formed} (the other L1 head stays at 0.01). */
    static RunRecord storeRun(Project p, String name, long seed, Long parent, double c, int formed)
            throws Exception {
        RunRecord r = RunRecord.draft(name, null, "{\"layers\":2}", "{}", seed);
        if (parent != null) {
            r = r.withParent(parent, "{\"baselineOf\":" + parent + ",\"seedIndex\":2}");
        }
        RunRecord run = p.runs().insert(r);
        long[] steps = RunComparisonTest.grid();
        double[] ind = RunComparisonTest.curve(steps, c, 0.6);
        double[] icl = RunComparisonTest.curve(steps, 2 * c, 1.2);
        double[][] indSeq = RunComparisonTest.spread(ind, 0.01);
        double[][] iclSeq = RunComparisonTest.spread(icl, 0.02);
        for (int k = 0; k < steps.length; k++) {
            p.metrics().record(run.id(), steps[k], List.of(
                    MetricValue.head(1, formed, MetricKind.INDUCTION, ind[k]),
                    MetricValue.head(1, 1 - formed, MetricKind.INDUCTION, 0.01),
                    MetricValue.head(0, 0, MetricKind.INDUCTION, 0.02),
                    MetricValue.runLevel(MetricKind.ICL_GAIN, icl[k])));
            double[] other = new double[8];
            Arrays.fill(other, 0.01);
            double[][] layer1 = formed == 0 ? new double[][] {indSeq[k], other} : new double[][] {other, indSeq[k]};
            double[][][] perHead = {{new double[8], new double[8]}, layer1};
            Path f = new RunFiles(p, run.id()).perSequence(steps[k]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, new Gson().toJson(Map.of("perSeq", Map.of(MetricKind.INDUCTION, perHead),
                    "iclGain", iclSeq[k], "lossCurve", new double[0])), StandardCharsets.UTF_8);
        }
        return run;
    }

    @Test
    void identicalStoredRunsCompareAsRatioOneWithZeroArea() throws Exception {
        try (Project p = Project.create(tmp.resolve("p"))) {
            RunRecord base = storeRun(p, "base", 1, null, 300);
            storeRun(p, "twin", 1, null, 300);
            ComparisonReport report = ComparisonReport.build(p, base, List.of("twin"), null);
            assertEquals(1, report.layer(), "the strongest induction head in layers ≥ 1");
            assertEquals(0, report.head());
            for (RunComparison.Result r : List.of(report.groups().get(0).induction(),
                    report.groups().get(0).icl())) {
                assertNotNull(r, "ICL gain compared too");
                Comparison c = r.pairs().get(0).byTau()[1];
                assertEquals(1.0, c.ratio(), 0);
                assertEquals(0.0, c.signedArea(), 0);
                assertEquals(0.0, c.absoluteArea(), 0);
                assertTrue(Double.isFinite(r.pairs().get(0).base().byTau()[1].lower()), "bootstrap CI from files");
            }
        }
    }

    @Test
    void storedO15CurvesPairWithTheBaselineReplicateOfTheirSeed() throws Exception {
        try (Project p = Project.create(tmp.resolve("p"))) {
            RunRecord base = storeRun(p, "base", 1, null, 300);
            storeRun(p, "base:baseline:s2", 2, base.id(), 200);
            storeRun(p, "late:s1", 1, null, 450);
            storeRun(p, "late:s2", 2, null, 300);
            ComparisonReport report = ComparisonReport.build(p, base, List.of("late"), new int[] {1, 0});
            assertEquals(2, report.baselines().size());
            RunComparison.Result r = report.groups().get(0).induction();
            assertEquals("late", r.group());
            assertEquals(300.3, r.pairs().get(0).byTau()[1].base().step(), 0.01 * 300.3);
            assertEquals(448.6, r.pairs().get(0).byTau()[1].intervention().step(), 0.01 * 448.6);
            assertEquals("base:baseline:s2", r.pairs().get(1).baseRun());
            assertEquals(1.5, r.byTau()[1].medianRatio(), 0.02);
            String table = ComparisonTable.format(report);
            assertTrue(table.contains("late τ=0.50: ρ median 1.49"), table);
            assertEquals("base:baseline:s2 [H0]", report.groups().get(0).best().pairs().get(1).baseRun());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ComparisonReport.build(p, base, List.of("nope"), null));
            assertEquals("the project has no run or run group named 'nope'", e.getMessage());
        }
    }

    @Test
    void aRetrainThatFormsItsHeadAtAnotherIndexIsComparedThroughTheLayersBestHead() throws Exception {
        try (Project p = Project.create(tmp.resolve("p"))) {
            RunRecord base = storeRun(p, "base", 1, null, 300);
            storeRun(p, "moved", 1, null, 450, 1);
            ComparisonReport report = ComparisonReport.build(p, base, List.of("moved"), new int[] {1, 0});
            ComparisonReport.Group g = report.groups().get(0);
            assertTrue(g.induction().pairs().get(0).byTau()[1].intervention().rightCensored(),
                    "the target index never forms in the retrain");
            RunComparison.Pair best = g.best().pairs().get(0);
            assertEquals("moved [H1]", best.run());
            assertEquals(448.6 / 300.3, best.byTau()[1].ratio(), 0.01 * 1.494);
            assertTrue(ComparisonTable.format(report).contains("Best induction head of layer 1"));
        }
    }
}
