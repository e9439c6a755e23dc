package mda.engine.probe;

import java.util.Arrays;
import mda.engine.util.SplitMix64;

/**
 * Formation step (onset) of a head-metric curve over checkpoints (spec §2.6).
 *
 * <p>All interpolation happens in log-step, {@code x(s) = ln s}, with {@code s = 0.5} standing in for step 0.
 * Curves are assumed to rise (ind, prev, copy, ICL gain).
 */
public final class Onset {
    /** Stand-in for step 0 on the log axis. */
    public static final double STEP_ZERO_AS = 0.5;

    private Onset() {
    }

    /**
     * Bootstrap interval of the onset over resampled evaluation sequences.
     *
     * @param estimate           onset of the full-sample mean curve
     * @param lower              2.5% quantile of the replicate onsets (a step)
     * @param upper              97.5% quantile; {@code +∞} when that quantile falls on right-censored replicates
     * @param replicates         number of bootstrap replicates
     * @param censoredReplicates replicates whose curve never reached the threshold (ranked above every finite onset)
     */
    public record OnsetCi(OnsetResult estimate, double lower, double upper, int replicates, int censoredReplicates) {
    }

    /** x(s) = ln s, with s = 0.5 for step 0. */
    public static double logStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("steps must be ≥ 0, got " + step);
        }
        return Math.log(step == 0 ? STEP_ZERO_AS : step);
    }

    /**
     * First crossing of θ_τ by the running maximum, interpolated linearly in log-step between the bracketing
     * checkpoints. If the first checkpoint already reaches θ, the onset is that checkpoint (0.5 for step 0).
     *
     * @param steps  strictly increasing checkpoint steps
     * @param values the metric at each checkpoint
     * @param ref    the baseline's reference levels
     * @param tau    threshold fraction in (0, 1); 0.5 is the headline number
     */
    public static OnsetResult onset(long[] steps, double[] values, ReferenceLevels ref, double tau) {
        checkCurve(steps, values, 2);
        if (!ref.rises()) {
            throw new IllegalArgumentException("reference levels do not rise (m_lo=" + ref.low() + ", m_hi="
                    + ref.high() + "): the baseline head never formed, so no onset is defined");
        }
        double theta = ref.threshold(tau);
        double runMax = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < steps.length; k++) {
            double before = runMax;
            runMax = Math.max(runMax, values[k]);
            if (runMax >= theta) {
                if (k == 0) {
                    return new OnsetResult(Math.exp(logStep(steps[0])), false, steps[steps.length - 1]);
                }
                // before < θ ≤ runMax = values[k], so the denominator is positive.
                double x0 = logStep(steps[k - 1]);
                double x1 = logStep(steps[k]);
                double x = x0 + (theta - before) * (x1 - x0) / (runMax - before);
                return new OnsetResult(Math.exp(x), false, steps[steps.length - 1]);
            }
        }
        long last = steps[steps.length - 1];
        return new OnsetResult(last, true, last);
    }

    /**
     * Step of steepest rise: the argmax over interior checkpoints of the central difference
     * (m_{k+1} − m_{k−1}) / (x_{k+1} − x_{k−1}), refined by the vertex of the parabola through the three central
     * differences around it. Each central difference is placed at the midpoint (x_{k−1} + x_{k+1})/2, which is
     * where a secant slope is most accurate on an uneven log grid.
     */
    public static double maxSlopeStep(long[] steps, double[] values) {
        checkCurve(steps, values, 3);
        int m = steps.length - 2;
        double[] at = new double[m];
        double[] slope = new double[m];
        int best = 0;
        for (int k = 1; k <= m; k++) {
            double xl = logStep(steps[k - 1]);
            double xr = logStep(steps[k + 1]);
            at[k - 1] = 0.5 * (xl + xr);
            slope[k - 1] = (values[k + 1] - values[k - 1]) / (xr - xl);
            if (slope[k - 1] > slope[best]) {
                best = k - 1;
            }
        }
        if (best == 0 || best == m - 1) {
            return Math.exp(at[best]);
        }
        return Math.exp(parabolaVertex(at[best - 1], slope[best - 1], at[best], slope[best], at[best + 1],
                slope[best + 1]));
    }

    /** Logistic fit m = a + b/(1 + exp(−(ln s − c)/w)); see {@link LogisticFit#fit}. */
    public static LogisticFit logisticFit(long[] steps, double[] values) {
        return LogisticFit.fit(steps, values);
    }

    /**
     * Bootstrap CI of the onset: resample sequences with replacement (the same draw at every checkpoint, since the
     * same sequences are evaluated at every checkpoint), recompute the mean curve and its onset, and take the
     * 2.5% and 97.5% quantiles in log-step.
     *
     * @param perSequenceValues [checkpoint][sequence] metric values; NaN entries are skipped in the means
     */
    public static OnsetCi bootstrapCi(long[] steps, double[][] perSequenceValues, ReferenceLevels ref, double tau,
            int replicates, SplitMix64 rng) {
        if (perSequenceValues.length != steps.length) {
            throw new IllegalArgumentException("perSequenceValues: " + perSequenceValues.length
                    + " checkpoints but " + steps.length + " steps");
        }
        if (replicates < 2) {
            throw new IllegalArgumentException("replicates must be ≥ 2, got " + replicates);
        }
        int n = perSequenceValues[0].length;
        if (n == 0) {
            throw new IllegalArgumentException("perSequenceValues: no sequences");
        }
        for (int k = 0; k < steps.length; k++) {
            if (perSequenceValues[k].length != n) {
                throw new IllegalArgumentException("perSequenceValues: checkpoint " + k + " has "
                        + perSequenceValues[k].length + " sequences, expected " + n);
            }
        }
        double[] curve = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            curve[k] = HeadMetrics.mean(perSequenceValues[k]);
        }
        OnsetResult estimate = onset(steps, curve, ref, tau);
        double[] logOnsets = new double[replicates];
        int censored = 0;
        int[] pick = new int[n];
        double[] sample = new double[n];
        for (int r = 0; r < replicates; r++) {
            for (int j = 0; j < n; j++) {
                pick[j] = rng.nextInt(n);
            }
            for (int k = 0; k < steps.length; k++) {
                for (int j = 0; j < n; j++) {
                    sample[j] = perSequenceValues[k][pick[j]];
                }
                curve[k] = HeadMetrics.mean(sample);
            }
            OnsetResult o = onset(steps, curve, ref, tau);
            if (o.rightCensored()) {
                censored++;
                logOnsets[r] = Double.POSITIVE_INFINITY;
            } else {
                logOnsets[r] = Math.log(o.step());
            }
        }
        Arrays.sort(logOnsets);
        return new OnsetCi(estimate, Math.exp(quantile(logOnsets, 0.025)), Math.exp(quantile(logOnsets, 0.975)),
                replicates, censored);
    }

    /** Linear-interpolation quantile of sorted data (type 7); an infinite neighbour makes the result infinite. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        double frac = h - lo;
        if (frac == 0 || sorted[lo] == sorted[hi]) {
            return sorted[lo];
        }
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    /** Abscissa of the vertex of the parabola through three points; the middle x if degenerate or not a maximum. */
    static double parabolaVertex(double x0, double y0, double x1, double y1, double x2, double y2) {
        double a = (x1 - x0) * (y1 - y2);
        double b = (x1 - x2) * (y1 - y0);
        double den = a - b;
        if (den <= 0 || !Double.isFinite(den)) {
            // den > 0 ⇔ concave parabola given y1 is the largest; otherwise keep the grid point.
            return x1;
        }
        double v = x1 - 0.5 * ((x1 - x0) * a - (x1 - x2) * b) / den;
        return Math.max(x0, Math.min(x2, v));
    }

    static void checkCurve(long[] steps, double[] values, int minPoints) {
        if (steps.length != values.length) {
            throw new IllegalArgumentException("curve: " + steps.length + " steps but " + values.length + " values");
        }
        if (steps.length < minPoints) {
            throw new IllegalArgumentException("curve: need at least " + minPoints + " checkpoints, got "
                    + steps.length);
        }
        for (int k = 0; k < steps.length; k++) {
            if (steps[k] < 0 || (k > 0 && steps[k] <= steps[k - 1])) {
                throw new IllegalArgumentException("curve: steps must be ≥ 0 and strictly increasing, got "
                        + steps[k] + " at index " + k);
            }
            if (!Double.isFinite(values[k])) {
                throw new IllegalArgumentException("curve: non-finite value " + values[k] + " at step " + steps[k]);
            }
        }
    }
}
