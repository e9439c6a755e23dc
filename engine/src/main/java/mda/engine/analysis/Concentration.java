package mda.engine.analysis;

import java.util.Arrays;

/**
 * Concentration summaries of an influence-score vector (spec §4.6). "Top p% of samples" means the ⌈p·n⌉ highest
 * scores among all n samples (at least one); its share is the positive influence they hold, Σ max(I, 0), divided by
 * the total positive mass. The Gini coefficient and the Lorenz curve are over the positive scores only.
 *
 * @param n number of scores
 * @param nPositive scores &gt; 0
 * @param nNegative scores &lt; 0
 * @param positiveMass Σ_{I&gt;0} I
 * @param negativeMass Σ_{I&lt;0} |I| (a non-negative number)
 * @param top1Share share of the positive mass held by the top 1% of samples (NaN when there is no positive mass)
 * @param top5Share same for the top 5%
 * @param top10Share same for the top 10%
 * @param gini Gini coefficient of the positive scores (NaN when there are none)
 */
public record Concentration(int n, int nPositive, int nNegative, double positiveMass, double negativeMass,
                            double top1Share, double top5Share, double top10Share, double gini) {

    /** Summaries of a score vector; every score must be finite. */
    public static Concentration of(double[] scores) {
        double[] desc = sortedDescending(scores);
        int nPos = 0;
        int nNeg = 0;
        double pos = 0;
        double neg = 0;
        for (double s : desc) {
            if (s > 0) {
                nPos++;
                pos += s;
            } else if (s < 0) {
                nNeg++;
                neg -= s;
            }
        }
        return new Concentration(desc.length, nPos, nNeg, pos, neg, topShare(desc, pos, 0.01),
            topShare(desc, pos, 0.05), topShare(desc, pos, 0.10), gini(positives(desc)));
    }

    /** Net mass ratio Σ_{I&gt;0} I / Σ_{I&lt;0} |I| (+∞ when there is no negative mass). */
    public double netMassRatio() {
        return negativeMass == 0 ? (positiveMass == 0 ? Double.NaN : Double.POSITIVE_INFINITY)
            : positiveMass / negativeMass;
    }

    /** Share of the positive mass held by the top ⌈fraction·n⌉ samples, fraction in (0, 1]. */
    public static double topShare(double[] scores, double fraction) {
        double[] desc = sortedDescending(scores);
        double pos = 0;
        for (double s : desc) {
            pos += Math.max(s, 0);
        }
        return topShare(desc, pos, fraction);
    }

    /**
     * Lorenz curve of the positive scores: point i (0..m) is (i/m, share of positive mass held by the i smallest
     * positive scores). Returns {population[], share[]}, each of length m+1; empty arrays when m = 0.
     */
    public static double[][] lorenz(double[] scores) {
        double[] pos = positives(sortedDescending(scores));
        int m = pos.length;
        if (m == 0) {
            return new double[][] {new double[0], new double[0]};
        }
        Arrays.sort(pos);
        double total = Arrays.stream(pos).sum();
        double[] x = new double[m + 1];
        double[] y = new double[m + 1];
        double cum = 0;
        for (int i = 1; i <= m; i++) {
            cum += pos[i - 1];
            x[i] = (double) i / m;
            y[i] = cum / total;
        }
        y[m] = 1;
        return new double[][] {x, y};
    }

    /** Gini = 2 Σ i·x_(i) / (m Σ x) − (m+1)/m over ascending values x_(1..m), all ≥ 0. */
    static double gini(double[] values) {
        int m = values.length;
        if (m == 0) {
            return Double.NaN;
        }
        double[] asc = values.clone();
        Arrays.sort(asc);
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < m; i++) {
            weighted += (i + 1) * asc[i];
            total += asc[i];
        }
        return 2 * weighted / (m * total) - (m + 1.0) / m;
    }

    private static double topShare(double[] desc, double positiveMass, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("Concentration: fraction must be in (0, 1], got " + fraction);
        }
        if (positiveMass == 0) {
            return Double.NaN;
        }
        int k = Math.max(1, (int) Math.ceil(fraction * desc.length - 1e-9));
        double top = 0;
        for (int i = 0; i < k; i++) {
            top += Math.max(desc[i], 0);
        }
        return top / positiveMass;
    }

    private static double[] positives(double[] desc) {
        return Arrays.stream(desc).filter(s -> s > 0).toArray();
    }

    private static double[] sortedDescending(double[] scores) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException("Concentration: scores must be non-empty");
        }
        double[] d = scores.clone();
        for (double s : d) {
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("Concentration: scores must be finite, got " + s);
            }
        }
        Arrays.sort(d);
        for (int i = 0, j = d.length - 1; i < j; i++, j--) {
            double t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return d;
    }
}
