package mda.engine.analysis;

import java.util.Arrays;

/**
 * The two tails of an influence-score vector and their empirical CCDF (spec §4.1): the positive scores and, fitted
 * separately, the magnitudes of the negative scores.
 */
public final class ScoreTails {
    private ScoreTails() {
    }

    /**
     * Empirical CCDF points: x sorted descending, and at the k-th largest value the ordinate P̂(X ≥ x) = k/n.
     *
     * @param x values, largest first
     * @param ccdf k/n for k = 1..n
     */
    public record Ccdf(double[] x, double[] ccdf) {
    }

    /** The scores &gt; 0. */
    public static double[] positive(double[] scores) {
        return Arrays.stream(scores).filter(s -> s > 0).toArray();
    }

    /** |I| for the scores &lt; 0. */
    public static double[] negativeMagnitudes(double[] scores) {
        return Arrays.stream(scores).filter(s -> s < 0).map(s -> -s).toArray();
    }

    /** CCDF points of positive values (for a log–log plot). */
    public static Ccdf ccdf(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("ScoreTails.ccdf: values must be non-empty");
        }
        double[] x = values.clone();
        Arrays.sort(x);
        int n = x.length;
        double[] desc = new double[n];
        double[] p = new double[n];
        for (int k = 1; k <= n; k++) {
            desc[k - 1] = x[n - k];
            p[k - 1] = (double) k / n;
        }
        return new Ccdf(desc, p);
    }
}
