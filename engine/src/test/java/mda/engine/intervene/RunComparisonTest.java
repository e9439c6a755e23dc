package mda.engine.intervene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import mda.engine.probe.Comparison;
import mda.engine.probe.MetricKind;
import org.junit.jupiter.api.Test;

/** Paired comparison of intervention runs with their baselines: oracle O15, censoring, identical runs. */
class RunComparisonTest {
    /** O15's grid: {0} ∪ {round(2^(k/2))} up to 4096. */
    static long[] grid() {
        TreeSet<Long> set = new TreeSet<>();
        set.add(0L);
        for (int k = 0; k <= 24; k++) {
            set.add(Math.round(Math.pow(2, k / 2.0)));
        }
        return set.stream().mapToLong(Long::longValue).toArray();
    }

    /** O15's curve m(s) = 0.05 + b/(1 + exp(−(ln s − ln c)/0.25)); m(0) = 0.05. */
    static double[] curve(long[] steps, double c, double b) {
        double[] v = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            v[k] = 0.05 + b / (1 + Math.exp(-(Math.log(steps[k]) - Math.log(c)) / 0.25));
        }
        return v;
    }

    /** Eight sequences per checkpoint spread symmetrically around the curve, so their mean is the curve. */
    static double[][] spread(double[] values, double seedNoise) {
        double[][] out = new double[values.length][8];
        for (int k = 0; k < values.length; k++) {
            for (int j = 0; j < 8; j++) {
                double d = seedNoise * ((j % 4) + 1) * (j < 4 ? 1 : -1);
                out[k][j] = values[k] + d;
            }
        }
        return out;
    }

    static RunCurve run(String name, long seed, double c, double b) {
        long[] s = grid();
        double[] v = curve(s, c, b);
        return new RunCurve(name, seed, s, v, spread(v, 0.01));
    }

    @Test
    void reproducesOracleO15PairedBySeed() {
        List<RunCurve> bases = List.of(run("b1", 1, 300, 0.6), run("b2", 2, 200, 0.6), run("b3", 3, 400, 0.6));
        List<RunCurve> late = List.of(run("i2", 2, 300, 0.6), run("i1", 1, 450, 0.6), run("i3", 3, 600, 0.6));
        RunComparison.Result r = RunComparison.compare(MetricKind.INDUCTION, "late", bases, late);
        RunComparison.Pair p1 = r.pairs().get(1);
        assertEquals("b1", p1.baseRun(), "paired by seed, not by position");
        Comparison c = p1.byTau()[1];
        assertEquals(300.3, c.base().step(), 0.01 * 300.3);
        assertEquals(448.6, c.intervention().step(), 0.01 * 448.6);
        assertEquals(448.6 / 300.3, c.ratio(), 0.01 * 1.494);
        assertTrue(c.signedArea() > 0, "the later curve lags");
        // CIs bracket the estimates and the alternatives land near the logistic centre
        var ci = p1.intervention().byTau()[1];
        assertTrue(ci.lower() <= ci.estimate().step() && ci.estimate().step() <= ci.upper(), ci.toString());
        assertEquals(450, p1.intervention().logistic(), 0.02 * 450);
        assertEquals(450, p1.intervention().maxSlope(), 0.1 * 450);
        RunComparison.Summary s = r.byTau()[1];
        for (double ratio : s.ratios()) {
            assertEquals(1.5, ratio, 0.02);
        }
        assertEquals(1.5, s.medianRatio(), 0.02);
        assertEquals(3, s.delta().positive());
        assertEquals(0.25, s.delta().signTestP(), 1e-12, "3 of 3 positive: two-sided sign test p = 2/8");
        assertEquals(0, s.baseCensored());
        assertEquals(0, s.interventionCensored());
    }

    @Test
    void censoredInterventionIsReportedAsALowerBound() {
        List<RunCurve> bases = List.of(run("b1", 1, 300, 0.6), run("b2", 2, 300, 0.6));
        List<RunCurve> ints = List.of(run("i1", 1, 300, 0.2), run("i2", 2, 450, 0.6));
        RunComparison.Result r = RunComparison.compare(MetricKind.INDUCTION, "g", bases, ints);
        RunComparison.Summary s = r.byTau()[1];
        assertEquals(1, s.interventionCensored());
        assertEquals(0, s.baseCensored());
        Comparison c = r.pairs().get(0).byTau()[1];
        assertTrue(c.intervention().rightCensored());
        assertEquals(4096 / c.base().step(), s.ratios()[0], 1e-9, "censored at the last checkpoint");
        String table = ComparisonTable.format(new ComparisonReport(1, 0, List.of(),
                List.of(new ComparisonReport.Group("g", List.of(), r, r, null))));
        assertTrue(table.contains(">4096 (cens.)"), table);
        assertTrue(table.contains("intervention 1"), table);
    }

    @Test
    void baselineThatNeverFormsGivesANoteNotANumber() {
        long[] s = grid();
        double[] flat = new double[s.length];
        java.util.Arrays.fill(flat, 0.1);
        RunComparison.Result r = RunComparison.compare(MetricKind.INDUCTION, "g",
                List.of(new RunCurve("b", 1, s, flat, null)), List.of(run("i", 1, 300, 0.6)));
        RunComparison.Pair p = r.pairs().get(0);
        assertNull(p.byTau());
        assertTrue(p.note().contains("never formed"), p.note());
        assertEquals(1, r.byTau()[1].baseCensored());
        assertNull(r.byTau()[1].ratio());
    }

    @Test
    void identicalRunsCompareAsRatioOneWithZeroArea() {
        RunComparison.Result r = RunComparison.compare(MetricKind.INDUCTION, "same",
                List.of(run("b", 1, 300, 0.6)), List.of(run("c", 1, 300, 0.6)));
        for (int t = 0; t < RunComparison.TAUS.length; t++) {
            Comparison c = r.pairs().get(0).byTau()[t];
            assertEquals(1.0, c.ratio(), 0);
            assertEquals(0.0, c.delta(), 0);
            assertEquals(0.0, c.signedArea(), 0);
            assertEquals(0.0, c.absoluteArea(), 0);
            var b = r.pairs().get(0).base().byTau()[t];
            var i = r.pairs().get(0).intervention().byTau()[t];
            assertEquals(b.lower(), i.lower(), 0, "same seed, same bootstrap draws");
            assertEquals(b.upper(), i.upper(), 0);
        }
        assertFalse(Double.isNaN(r.byTau()[1].ratio().mean()));
        assertEquals(1.0, r.byTau()[1].ratio().mean(), 0);
    }

    @Test
    void interventionWithoutABaselineOfItsSeedIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunComparison.compare(
                MetricKind.INDUCTION, "g", List.of(run("b", 1, 300, 0.6)), List.of(run("i", 2, 300, 0.6))));
        assertTrue(e.getMessage().contains("seed 2"), e.getMessage());
    }
}
