package mda.engine.analysis;

/** The median of values already sorted ascending: the middle one, or the mean of the middle two. */
public final class Median {
    private Median() {
    }

    /** NaN for no values. */
    public static double ofSorted(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
