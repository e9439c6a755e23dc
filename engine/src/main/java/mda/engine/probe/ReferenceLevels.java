package mda.engine.probe;

import java.util.Arrays;

/**
 * Low and high reference levels of a formation curve, taken from the baseline run only and reused for every run
 * compared with it (spec §2.6.1).
 *
 * @param low  m_lo, the median of the baseline's first three checkpoints
 * @param high m_hi, the median of the baseline's last three checkpoints
 */
public record ReferenceLevels(double low, double high) {
    public ReferenceLevels {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("reference levels must be finite, got low=" + low + ", high=" + high);
        }
    }

    /** Levels from a baseline curve (values at the baseline's checkpoints, in step order; at least 3). */
    public static ReferenceLevels fromBaseline(double[] baselineValues) {
        int n = baselineValues.length;
        if (n < 3) {
            throw new IllegalArgumentException("baselineValues: need at least 3 checkpoints, got " + n);
        }
        return new ReferenceLevels(median3(baselineValues, 0), median3(baselineValues, n - 3));
    }

    /** θ_τ = m_lo + τ (m_hi − m_lo). */
    public double threshold(double tau) {
        if (!(tau > 0 && tau < 1)) {
            throw new IllegalArgumentException("tau must be in (0, 1), got " + tau);
        }
        return low + tau * (high - low);
    }

    /** Whether the baseline rose at all; without that an onset is undefined. */
    public boolean rises() {
        return high > low;
    }

    private static double median3(double[] v, int from) {
        double[] w = Arrays.copyOfRange(v, from, from + 3);
        for (double x : w) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("baselineValues: non-finite value " + x + " among positions "
                        + from + ".." + (from + 2));
            }
        }
        Arrays.sort(w);
        return w[1];
    }
}
