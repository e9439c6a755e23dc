package mda.engine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComparisonTest {
    @Test
    void delayedInterventionHasPositiveDeltaRatioAndArea() {
        long[] steps = OnsetTest.grid();
        double[] base = OnsetTest.curve(steps, 300);
        double[] late = OnsetTest.curve(steps, 450);
        ReferenceLevels ref = ReferenceLevels.fromBaseline(base);
        Comparison c = Comparison.of(steps, base, steps, late, ref, 0.5);
        assertEquals(448.6 - 300.3, c.delta(), 0.02 * 148.3);
        assertEquals(448.6 / 300.3, c.ratio(), 0.01 * 1.494);
        assertEquals(3 * c.base().step(), c.areaUpperStep(), 1e-9);
        // The exact area between the two logistics over [ln 0.5, ln(3·s*)], by fine quadrature.
        double lo = Math.log(0.5);
        double hi = Math.log(c.areaUpperStep());
        int n = 200_000;
        double exact = 0;
        for (int i = 0; i < n; i++) {
            double x = lo + (i + 0.5) * (hi - lo) / n;
            exact += (sig(x, 300) - sig(x, 450)) * (hi - lo) / n;
        }
        assertEquals(exact, c.signedArea(), 0.02 * exact);
        assertEquals(c.signedArea(), c.absoluteArea(), 1e-12, "curves never cross");
        assertTrue(c.signedArea() > 0);
    }

    private static double sig(double x, double c) {
        return 0.6 / (1 + Math.exp(-(x - Math.log(c)) / 0.25));
    }

    @Test
    void identicalCurvesHaveZeroDeltaAndArea() {
        long[] steps = OnsetTest.grid();
        double[] base = OnsetTest.curve(steps, 100);
        Comparison c = Comparison.of(steps, base, steps, base.clone(), ReferenceLevels.fromBaseline(base), 0.5);
        assertEquals(0, c.delta(), 0);
        assertEquals(1, c.ratio(), 0);
        assertEquals(0, c.signedArea(), 0);
        assertEquals(0, c.absoluteArea(), 0);
    }

    @Test
    void constantOffsetGivesOffsetTimesLogRange() {
        long[] steps = {0, 1, 2, 4, 8, 16, 32, 64};
        double[] base = {0, 0, 0.2, 0.5, 0.8, 1, 1, 1};
        double[] shifted = new double[base.length];
        for (int k = 0; k < base.length; k++) {
            shifted[k] = base[k] - 0.1;
        }
        Comparison c = Comparison.of(steps, base, steps, shifted, new ReferenceLevels(0, 1), 0.5);
        assertEquals(4.0, c.base().step(), 1e-12);
        assertEquals(12.0, c.areaUpperStep(), 1e-9);
        assertEquals(0.1 * (Math.log(12) - Math.log(0.5)), c.signedArea(), 1e-12);
    }

    @Test
    void crossingCurvesCancelInSignedButNotAbsoluteArea() {
        long[] steps = {1, 4};
        Comparison c = Comparison.of(steps, new double[] {0, 1}, steps, new double[] {1, 0},
                new ReferenceLevels(0, 1), 0.5);
        assertEquals(2.0, c.base().step(), 1e-12);
        assertEquals(4.0, c.areaUpperStep(), 0, "3·s* = 6 is clipped to the last checkpoint");
        assertEquals(0, c.signedArea(), 1e-12);
        assertEquals(Math.log(4) / 2, c.absoluteArea(), 1e-12);
    }

    @Test
    void censoredInterventionIsReportedNotDropped() {
        long[] steps = {0, 1, 2, 4, 8};
        Comparison c = Comparison.of(steps, new double[] {0, 0, 1, 1, 1}, steps, new double[] {0, 0, 0, 0.2, 0.3},
                new ReferenceLevels(0, 1), 0.5);
        assertTrue(c.intervention().rightCensored());
        assertEquals(8 - Math.sqrt(2), c.delta(), 1e-12, "a lower bound on the delay");
    }

    @Test
    void pairedSummaryWithSignTest() {
        Comparison.PairedSummary s = Comparison.summarize(new double[] {1, 2, 3});
        assertEquals(2, s.mean(), 1e-12);
        assertEquals(1, s.sd(), 1e-12);
        assertEquals(0.25, s.signTestP(), 1e-12);
        Comparison.PairedSummary t = Comparison.summarize(new double[] {1, -1, 2, 3, 4, 5, 0});
        assertEquals(5, t.positive());
        assertEquals(1, t.negative());
        assertEquals(14.0 / 64, t.signTestP(), 1e-12);
    }
}
