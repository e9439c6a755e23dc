package mda.engine.analysis;

/**
 * Mann–Whitney U test of a statistic in group A (e.g. the top-k% samples) against group B (random k%), spec §5.4.
 * The effect size is the AUC = U_A/(n_A n_B) = P(a &gt; b) + ½P(a = b). The two-sided p-value uses the normal
 * approximation with tie correction and continuity correction.
 *
 * @param u U statistic of group A
 * @param auc U/(n_A n_B)
 * @param z standardized |U − n_A n_B/2| after continuity correction
 * @param p two-sided p-value (NaN when every value is tied)
 */
public record MannWhitney(double u, double auc, double z, double p) {

    /** The test of {@code a} against {@code b}; each must be non-empty and finite. */
    public static MannWhitney test(double[] a, double[] b) {
        if (a == null || b == null || a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("MannWhitney: both groups must be non-empty");
        }
        int na = a.length;
        int nb = b.length;
        int n = na + nb;
        double[] pooled = new double[n];
        System.arraycopy(a, 0, pooled, 0, na);
        System.arraycopy(b, 0, pooled, na, nb);
        for (double v : pooled) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("MannWhitney: values must be finite, got " + v);
            }
        }
        double[] r = Correlation.ranks(pooled);
        double rankSumA = 0;
        for (int i = 0; i < na; i++) {
            rankSumA += r[i];
        }
        double u = rankSumA - na * (na + 1) / 2.0;
        // Tie correction: Σ (t³ − t) over groups of tied values.
        double[] sorted = pooled.clone();
        java.util.Arrays.sort(sorted);
        double ties = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && sorted[j + 1] == sorted[i]) {
                j++;
            }
            double t = j - i + 1;
            ties += t * t * t - t;
            i = j + 1;
        }
        double mu = na * (double) nb / 2;
        double var = na * (double) nb / 12.0 * ((n + 1) - ties / ((double) n * (n - 1)));
        double auc = u / ((double) na * nb);
        if (!(var > 0)) {
            return new MannWhitney(u, auc, Double.NaN, Double.NaN);
        }
        double z = Math.max(0, Math.abs(u - mu) - 0.5) / Math.sqrt(var);
        return new MannWhitney(u, auc, z, Math.min(1, SpecialFunctions.normalTwoSided(z)));
    }
}
