package mda.engine.analysis;

import mda.engine.util.SplitMix64;

/**
 * Correlations linking repetition and influence (spec §5.4): Pearson's r, and Spearman's ρ as the Pearson correlation
 * of average ranks (ties share the mean of the ranks they span). The ρ p-value uses t = ρ·√((n−2)/(1−ρ²)) with n−2
 * degrees of freedom, or a seeded permutation test when n &lt; 50.
 */
public final class Correlation {
    /** Below this size the p-value comes from a permutation test. */
    public static final int PERMUTATION_BELOW = 50;

    private Correlation() {
    }

    /**
     * Spearman's ρ with its two-sided p-value.
     *
     * @param rho Spearman's ρ (NaN when either input is constant)
     * @param p two-sided p-value (NaN when ρ is NaN)
     * @param n number of pairs
     * @param permutation true when p came from the permutation test
     */
    public record Test(double rho, double p, int n, boolean permutation) {
    }

    /** Pearson correlation; NaN when either input has zero variance. */
    public static double pearson(double[] x, double[] y) {
        check(x, y);
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /** Spearman's ρ: Pearson correlation of the average ranks. */
    public static double spearman(double[] x, double[] y) {
        check(x, y);
        return pearson(ranks(x), ranks(y));
    }

    /** Spearman's ρ with p-value; {@code permutations} and {@code seed} are used only when n &lt; 50. */
    public static Test spearmanTest(double[] x, double[] y, int permutations, long seed) {
        check(x, y);
        int n = x.length;
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double rho = pearson(rx, ry);
        if (Double.isNaN(rho)) {
            return new Test(rho, Double.NaN, n, false);
        }
        if (n >= PERMUTATION_BELOW) {
            double p = Math.abs(rho) >= 1 ? 0
                : SpecialFunctions.studentTTwoSided(rho * Math.sqrt((n - 2) / (1 - rho * rho)), n - 2);
            return new Test(rho, p, n, false);
        }
        if (permutations < 1) {
            throw new IllegalArgumentException("spearmanTest: permutations must be >= 1, got " + permutations);
        }
        SplitMix64 rng = SplitMix64.stream(seed, SplitMix64.Stream.BOOTSTRAP);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        double[] shuffled = new double[n];
        int atLeast = 0;
        for (int r = 0; r < permutations; r++) {
            rng.shuffle(perm);
            for (int i = 0; i < n; i++) {
                shuffled[i] = ry[perm[i]];
            }
            // Tolerance so that permutations reproducing |ρ| exactly count despite rounding.
            if (Math.abs(pearson(rx, shuffled)) >= Math.abs(rho) - 1e-12) {
                atLeast++;
            }
        }
        return new Test(rho, (atLeast + 1.0) / (permutations + 1.0), n, true);
    }

    /** 1-based ranks; tied values get the average of the ranks they occupy. */
    public static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    private static void check(double[] x, double[] y) {
        if (x == null || y == null || x.length != y.length) {
            throw new IllegalArgumentException("Correlation: x and y must have the same length, got "
                + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length));
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("Correlation: need at least 2 pairs, got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("Correlation: values must be finite, bad pair at index " + i);
            }
        }
    }
}
