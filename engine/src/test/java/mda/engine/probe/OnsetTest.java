package mda.engine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeSet;
import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Oracle O15 and the onset alternatives of spec §2.6. */
class OnsetTest {
    /** {0} ∪ {round(2^(k/2))} up to 4096. */
    static long[] grid() {
        TreeSet<Long> set = new TreeSet<>();
        set.add(0L);
        for (int k = 0; k <= 24; k++) {
            set.add(Math.round(Math.pow(2, k / 2.0)));
        }
        return set.stream().mapToLong(Long::longValue).toArray();
    }

    /** m(s) = a + b/(1 + exp(−(ln s − ln c)/w)); m(0) = a. */
    static double logistic(long s, double a, double b, double c, double w) {
        return a + b / (1 + Math.exp(-(Math.log(s) - Math.log(c)) / w));
    }

    static double[] curve(long[] steps, double c) {
        double[] v = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            v[k] = logistic(steps[k], 0.05, 0.6, c, 0.25);
        }
        return v;
    }

    @Test
    void o15BaselineOnsetIs300point3() {
        long[] steps = grid();
        double[] base = curve(steps, 300);
        OnsetResult o = Onset.onset(steps, base, ReferenceLevels.fromBaseline(base), 0.5);
        assertFalse(o.rightCensored());
        assertEquals(300.3, o.step(), 300.3 * 0.01);
    }

    @Test
    void o15ShiftedCurveWithBaselineLevelsIs448point6() {
        long[] steps = grid();
        ReferenceLevels ref = ReferenceLevels.fromBaseline(curve(steps, 300));
        OnsetResult o = Onset.onset(steps, curve(steps, 450), ref, 0.5);
        assertFalse(o.rightCensored());
        assertEquals(448.6, o.step(), 448.6 * 0.01);
    }

    @Test
    void o15CurveThatNeverReachesThresholdIsRightCensored() {
        long[] steps = grid();
        ReferenceLevels ref = ReferenceLevels.fromBaseline(curve(steps, 300));
        double[] flat = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            flat[k] = logistic(steps[k], 0.05, 0.2, 300, 0.25); // tops out at 0.25 < θ ≈ 0.35
        }
        OnsetResult o = Onset.onset(steps, flat, ref, 0.5);
        assertTrue(o.rightCensored());
        assertEquals(4096, o.lastStep());
        assertEquals(4096.0, o.step(), 0);
        assertEquals("right-censored at 4096", o.toString());
    }

    @Test
    void runningMaximumIgnoresLaterDipsAndInterpolatesInLogStep() {
        ReferenceLevels ref = new ReferenceLevels(0, 1);
        // Crosses 0.5 between steps 1 and 2 (halfway in log-step: √2), then dips and recovers later.
        OnsetResult o = Onset.onset(new long[] {0, 1, 2, 4, 8}, new double[] {0, 0, 1, 0, 1}, ref, 0.5);
        assertEquals(Math.sqrt(2), o.step(), 1e-12);
        // Step 0 sits at s = 0.5: halfway between ln 0.5 and ln 1 is √0.5.
        assertEquals(Math.sqrt(0.5), Onset.onset(new long[] {0, 1}, new double[] {0, 1}, ref, 0.5).step(), 1e-12);
        // τ = 0.25 and 0.75 along the same segment from step 1 to step 16.
        long[] s = {1, 16};
        double[] v = {0, 1};
        assertEquals(2.0, Onset.onset(s, v, ref, 0.25).step(), 1e-12);
        assertEquals(8.0, Onset.onset(s, v, ref, 0.75).step(), 1e-12);
    }

    @Test
    void runningMaximumUsesThePreviousPeakAsLowerBracket() {
        // Peak 0.4 at step 2, dip to 0.1 at step 4, then 0.8 at step 8: interpolate from the running max 0.4.
        OnsetResult o = Onset.onset(new long[] {1, 2, 4, 8}, new double[] {0, 0.4, 0.1, 0.8},
                new ReferenceLevels(0, 1), 0.5);
        double x = Math.log(4) + (0.5 - 0.4) * (Math.log(8) - Math.log(4)) / (0.8 - 0.4);
        assertEquals(Math.exp(x), o.step(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(doubles = {7, 20, 75, 300, 1000, 2500})
    void onsetIsWithinOneCheckpointOfTheCentre(double c) {
        long[] steps = grid();
        double[] v = curve(steps, c);
        OnsetResult o = Onset.onset(steps, v, ReferenceLevels.fromBaseline(v), 0.5);
        int k = 1;
        while (steps[k] < c) {
            k++;
        }
        // steps[k-1] < c ≤ steps[k]: the onset must lie in the neighbouring interval at most.
        assertTrue(o.step() >= steps[k - 2] && o.step() <= steps[Math.min(steps.length - 1, k + 1)],
                "onset " + o.step() + " for c = " + c);
        assertEquals(Math.log(c), Math.log(o.step()), Math.log(Math.sqrt(2)), "c = " + c);
    }

    @ParameterizedTest
    @ValueSource(doubles = {20, 75, 300, 1000})
    void maxSlopeAndLogisticFitRecoverTheCentre(double c) {
        long[] steps = grid();
        double[] v = curve(steps, c);
        double ms = Onset.maxSlopeStep(steps, v);
        assertEquals(c, ms, 0.05 * c, "max-slope step for c = " + c);
        LogisticFit fit = Onset.logisticFit(steps, v);
        assertTrue(fit.converged());
        assertEquals(c, fit.onsetStep(), 1e-6 * c);
        assertEquals(0.25, fit.w(), 1e-6);
        assertEquals(0.05, fit.a(), 1e-6);
        assertEquals(0.6, fit.b(), 1e-6);
    }

    @Test
    void logisticFitToleratesNoise() {
        long[] steps = grid();
        double[] v = curve(steps, 300);
        SplitMix64 rng = new SplitMix64(17);
        for (int k = 0; k < v.length; k++) {
            v[k] += 0.01 * rng.nextGaussian();
        }
        LogisticFit fit = Onset.logisticFit(steps, v);
        assertEquals(300, fit.onsetStep(), 0.03 * 300);
        assertEquals(fit.a() + fit.b() / 2, fit.valueAt(Math.round(fit.onsetStep())), 0.01);
    }

    @Test
    void bootstrapCiContainsTheTrueOnsetAndNarrowsWithMoreSequences() {
        long[] steps = grid();
        double[] clean = curve(steps, 300);
        ReferenceLevels ref = ReferenceLevels.fromBaseline(clean);
        double truth = Onset.onset(steps, clean, ref, 0.5).step();
        double[] widths = new double[2];
        int[] sizes = {16, 256};
        for (int t = 0; t < 2; t++) {
            SplitMix64 rng = new SplitMix64(100 + t);
            double[][] per = new double[steps.length][sizes[t]];
            for (int k = 0; k < steps.length; k++) {
                for (int j = 0; j < sizes[t]; j++) {
                    per[k][j] = clean[k] + 0.15 * rng.nextGaussian();
                }
            }
            Onset.OnsetCi ci = Onset.bootstrapCi(steps, per, ref, 0.5, 200, new SplitMix64(7));
            assertTrue(ci.lower() <= truth && truth <= ci.upper(),
                    "n = " + sizes[t] + ": CI [" + ci.lower() + ", " + ci.upper() + "] misses " + truth);
            assertTrue(ci.lower() <= ci.estimate().step() && ci.estimate().step() <= ci.upper());
            assertEquals(0, ci.censoredReplicates());
            assertEquals(200, ci.replicates());
            widths[t] = Math.log(ci.upper() / ci.lower());
        }
        assertTrue(widths[1] < 0.5 * widths[0], "widths " + widths[0] + " → " + widths[1]);
    }

    @Test
    void bootstrapCountsCensoredReplicates() {
        // Half the sequences formed, half never did: the mean curve sits right at θ, so many replicates never reach it.
        long[] steps = {0, 1, 2, 4, 8, 16};
        double[][] per = new double[steps.length][20];
        for (int k = 0; k < steps.length; k++) {
            for (int j = 0; j < 20; j++) {
                per[k][j] = (k >= 3 && j % 2 == 0) ? 1.0 : 0.0;
            }
        }
        Onset.OnsetCi ci = Onset.bootstrapCi(steps, per, new ReferenceLevels(0, 1), 0.5, 400, new SplitMix64(1));
        assertTrue(ci.censoredReplicates() > 50 && ci.censoredReplicates() < 350, "" + ci.censoredReplicates());
        assertEquals(Double.POSITIVE_INFINITY, ci.upper());
        assertTrue(Double.isFinite(ci.lower()));
    }

    @Test
    void referenceLevelsAreMediansOfFirstAndLastThree() {
        ReferenceLevels r = ReferenceLevels.fromBaseline(new double[] {3, 1, 2, 10, 5, 9, 7});
        assertEquals(2, r.low(), 0);
        assertEquals(7, r.high(), 0);
        assertEquals(4.5, r.threshold(0.5), 0);
        assertThrows(IllegalArgumentException.class, () -> r.threshold(1.0));
        assertThrows(IllegalArgumentException.class, () -> ReferenceLevels.fromBaseline(new double[] {1, 2}));
    }

    @Test
    void rejectsUnsortedStepsAndFlatReference() {
        ReferenceLevels ref = new ReferenceLevels(0, 1);
        assertThrows(IllegalArgumentException.class,
                () -> Onset.onset(new long[] {0, 2, 1}, new double[] {0, 1, 1}, ref, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> Onset.onset(new long[] {0, 1}, new double[] {0, 1}, new ReferenceLevels(1, 1), 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> Onset.onset(new long[] {0, 1}, new double[] {0, Double.NaN}, ref, 0.5));
    }
}
