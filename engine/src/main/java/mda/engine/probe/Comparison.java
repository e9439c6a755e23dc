package mda.engine.probe;

import java.util.TreeSet;

/**
 * Comparison of an intervention run's formation curve with the baseline's (spec §2.6.4), at one threshold and with
 * the baseline's reference levels.
 *
 * @param base          onset of the baseline
 * @param intervention  onset of the intervention run
 * @param delta         s*_int − s*_base; NaN if the baseline is censored; a lower bound if only the intervention is
 * @param ratio         s*_int / s*_base, with the same caveats as delta
 * @param signedArea    ∫ (m_base − m_int) d(ln s) over [0, areaUpperStep]: positive when the intervention lags
 * @param absoluteArea  ∫ |m_base − m_int| d(ln s) over the same range
 * @param areaUpperStep upper end of the area: 3·s*_base, clipped to the last checkpoint both curves share
 */
public record Comparison(OnsetResult base, OnsetResult intervention, double delta, double ratio, double signedArea,
        double absoluteArea, double areaUpperStep) {

    /**
     * Paired summary over seeds.
     *
     * @param mean      mean of the per-seed values
     * @param sd        sample standard deviation (NaN for one seed)
     * @param positive  seeds with a value &gt; 0
     * @param negative  seeds with a value &lt; 0 (zeros are dropped from the sign test)
     * @param signTestP two-sided exact sign-test p-value
     */
    public record PairedSummary(double mean, double sd, int positive, int negative, double signTestP) {
    }

    /**
     * Compares two curves. Both start at step 0 (or share their first step); the grids may differ, each curve is
     * interpolated linearly in log-step.
     */
    public static Comparison of(long[] baseSteps, double[] baseValues, long[] intSteps, double[] intValues,
            ReferenceLevels ref, double tau) {
        OnsetResult b = Onset.onset(baseSteps, baseValues, ref, tau);
        OnsetResult i = Onset.onset(intSteps, intValues, ref, tau);
        double delta = b.rightCensored() ? Double.NaN : i.step() - b.step();
        double ratio = b.rightCensored() ? Double.NaN : i.step() / b.step();
        double xLo = Math.max(Onset.logStep(baseSteps[0]), Onset.logStep(intSteps[0]));
        double xEnd = Math.min(Onset.logStep(baseSteps[baseSteps.length - 1]),
                Onset.logStep(intSteps[intSteps.length - 1]));
        double xHi = b.rightCensored() ? xEnd : Math.min(xEnd, Math.log(3 * b.step()));
        TreeSet<Double> cuts = new TreeSet<>();
        cuts.add(xLo);
        cuts.add(xHi);
        addInside(cuts, baseSteps, xLo, xHi);
        addInside(cuts, intSteps, xLo, xHi);
        double signed = 0;
        double abs = 0;
        Double prev = null;
        double dPrev = 0;
        for (double x : cuts) {
            double d = interp(baseSteps, baseValues, x) - interp(intSteps, intValues, x);
            if (prev != null && x > prev) {
                double h = x - prev;
                signed += 0.5 * (dPrev + d) * h;
                abs += (dPrev * d >= 0) ? 0.5 * Math.abs(dPrev + d) * h
                        : h * (dPrev * dPrev + d * d) / (2 * (Math.abs(dPrev) + Math.abs(d)));
            }
            prev = x;
            dPrev = d;
        }
        return new Comparison(b, i, delta, ratio, signed, abs, xHi > xLo ? Math.exp(xHi) : Math.exp(xLo));
    }

    /** Mean, sd and two-sided exact sign test of per-seed paired values (e.g. deltas). */
    public static PairedSummary summarize(double[] perSeed) {
        if (perSeed.length == 0) {
            throw new IllegalArgumentException("summarize: no per-seed values");
        }
        double mean = 0;
        int pos = 0;
        int neg = 0;
        for (double v : perSeed) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("summarize: non-finite per-seed value " + v);
            }
            mean += v / perSeed.length;
            pos += v > 0 ? 1 : 0;
            neg += v < 0 ? 1 : 0;
        }
        double ss = 0;
        for (double v : perSeed) {
            ss += (v - mean) * (v - mean);
        }
        double sd = perSeed.length > 1 ? Math.sqrt(ss / (perSeed.length - 1)) : Double.NaN;
        return new PairedSummary(mean, sd, pos, neg, signTest(pos, neg));
    }

    /** Two-sided exact binomial(½) p-value: 2·P(X ≤ min(pos, neg)), capped at 1. */
    static double signTest(int pos, int neg) {
        int n = pos + neg;
        if (n == 0) {
            return 1.0;
        }
        int k = Math.min(pos, neg);
        double tail = 0;
        double c = 1; // C(n, j), built up incrementally
        for (int j = 0; j <= k; j++) {
            if (j > 0) {
                c = c * (n - j + 1) / j;
            }
            tail += c * Math.pow(0.5, n);
        }
        return Math.min(1.0, 2 * tail);
    }

    private static void addInside(TreeSet<Double> cuts, long[] steps, double lo, double hi) {
        for (long s : steps) {
            double x = Onset.logStep(s);
            if (x > lo && x < hi) {
                cuts.add(x);
            }
        }
    }

    /** Curve value at log-step x by linear interpolation in log-step; x must lie within the curve's range. */
    private static double interp(long[] steps, double[] values, double x) {
        int k = 0;
        while (k < steps.length - 2 && Onset.logStep(steps[k + 1]) < x) {
            k++;
        }
        double x0 = Onset.logStep(steps[k]);
        double x1 = Onset.logStep(steps[k + 1]);
        double f = Math.max(0, Math.min(1, (x - x0) / (x1 - x0)));
        return values[k] + f * (values[k + 1] - values[k]);
    }
}
