package mda.engine.analysis;

import java.util.Arrays;

/**
 * Continuous power-law fit of Clauset, Shalizi and Newman (spec §4.2–4.3): for tail points x ≥ xmin the density is
 * p(x) = (α−1)/xmin · (x/xmin)^(−α). α has the closed-form MLE α̂ = 1 + n / Σ ln(x/xmin) with SE (α̂−1)/√n, and xmin
 * is the candidate that minimises the KS distance between the tail's empirical CDF and the fitted CDF.
 *
 * <p>The CCDF of this law has slope −(α−1) on log–log axes and the rank plot slope −1/(α−1); {@link Fit} offers both so
 * that a reported "exponent" can always be labelled.
 */
public final class PowerLawFit {
    /** Default minimum number of tail points for an xmin candidate (spec §4.3). */
    public static final int DEFAULT_MIN_TAIL = 50;
    /** Above this many distinct candidates the scan is coarse-then-fine instead of exhaustive. */
    static final int MAX_EXHAUSTIVE_CANDIDATES = 1000;
    /** Number of quantile-spaced candidates in the coarse pass. */
    static final int COARSE_CANDIDATES = 400;

    private PowerLawFit() {
    }

    /**
     * One fitted power law.
     *
     * @param alpha density exponent α̂
     * @param xmin lower bound of the tail
     * @param se standard error of α̂, (α̂−1)/√nTail
     * @param ks KS distance between the tail's empirical CDF and the fitted CDF
     * @param nTail number of points with x ≥ xmin
     * @param n number of points given to the fit
     */
    public record Fit(double alpha, double xmin, double se, double ks, int nTail, int n) {
        /** Slope of the CCDF on log–log axes, −(α−1). */
        public double ccdfSlope() {
            return -(alpha - 1);
        }

        /** Slope of the rank plot (value against rank) on log–log axes, −1/(α−1). */
        public double rankSlope() {
            return -1 / (alpha - 1);
        }
    }

    /** Continuous MLE α̂ = 1 + n / Σ ln(x_i/xmin) over the points x_i ≥ xmin. */
    public static double alphaMle(double[] data, double xmin) {
        checkXmin(xmin);
        double sumLog = 0;
        int nTail = 0;
        for (double x : checkData(data, "alphaMle")) {
            if (x >= xmin) {
                sumLog += Math.log(x / xmin);
                nTail++;
            }
        }
        return alphaFrom(nTail, sumLog, xmin, "alphaMle");
    }

    /**
     * Discrete-data approximation α̂ ≈ 1 + n / Σ ln(x_i / (xmin − ½)) over the points x_i ≥ xmin (spec §4.2). Only
     * meaningful for integer data, so non-integer values are rejected.
     */
    public static double alphaDiscreteApprox(double[] data, double xmin) {
        checkXmin(xmin);
        if (xmin != Math.rint(xmin) || xmin < 1) {
            throw new IllegalArgumentException("alphaDiscreteApprox: xmin must be an integer >= 1, got " + xmin);
        }
        double sumLog = 0;
        int nTail = 0;
        for (double x : checkData(data, "alphaDiscreteApprox")) {
            if (x != Math.rint(x)) {
                throw new IllegalArgumentException("alphaDiscreteApprox: data must be integers, got " + x);
            }
            if (x >= xmin) {
                sumLog += Math.log(x / (xmin - 0.5));
                nTail++;
            }
        }
        if (nTail == 0) {
            throw new IllegalArgumentException("alphaDiscreteApprox: no data point >= xmin=" + xmin);
        }
        return 1 + nTail / sumLog;
    }

    /** Fit with xmin fixed: α̂, its SE and the KS distance on the tail x ≥ xmin. */
    public static Fit fixedXmin(double[] data, double xmin) {
        checkXmin(xmin);
        double[] sorted = checkData(data, "fixedXmin").clone();
        Arrays.sort(sorted);
        int start = lowerBound(sorted, xmin);
        double[] suffixLog = suffixLogSums(sorted);
        int nTail = sorted.length - start;
        double alpha = alphaFrom(nTail, suffixLog[start] - nTail * Math.log(xmin), xmin, "fixedXmin");
        return new Fit(alpha, xmin, (alpha - 1) / Math.sqrt(nTail), ks(sorted, start, xmin, alpha), nTail,
            sorted.length);
    }

    /** Full fit with the KS scan over xmin and the default minimum tail of 50 points. */
    public static Fit fit(double[] data) {
        return fit(data, DEFAULT_MIN_TAIL);
    }

    /**
     * Full fit: every distinct observed value that leaves at least {@code minTail} points in the tail is an xmin
     * candidate (with more than 1000 candidates, 400 quantile-spaced ones and then all candidates between the best
     * one's neighbours); the candidate with the smallest KS distance wins.
     */
    public static Fit fit(double[] data, int minTail) {
        if (minTail < 2) {
            throw new IllegalArgumentException("PowerLawFit.fit: minTail must be >= 2, got " + minTail);
        }
        double[] sorted = checkData(data, "fit").clone();
        for (double x : sorted) {
            if (!(x > 0)) {
                throw new IllegalArgumentException("PowerLawFit.fit: data must be positive, got " + x);
            }
        }
        Arrays.sort(sorted);
        return fitSorted(sorted, minTail);
    }

    /** The scan on data already sorted ascending, all positive; shared with the bootstrap. */
    static Fit fitSorted(double[] sorted, int minTail) {
        return fitSorted(sorted, minTail, MAX_EXHAUSTIVE_CANDIDATES);
    }

    /** The scan with an explicit limit on exhaustive scanning (tests compare coarse-then-fine with exhaustive). */
    static Fit fitSorted(double[] sorted, int minTail, int maxExhaustive) {
        int n = sorted.length;
        double[] suffixLog = suffixLogSums(sorted);
        // Candidate start indices: first occurrence of each distinct value, tail size >= minTail.
        int[] starts = new int[n];
        int count = 0;
        for (int i = 0; i < n && n - i >= minTail; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                starts[count++] = i;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("PowerLawFit.fit: need at least minTail=" + minTail
                + " data points, got " + n);
        }
        Scan best = new Scan();
        if (count <= maxExhaustive) {
            for (int c = 0; c < count; c++) {
                best.consider(sorted, suffixLog, starts, c);
            }
        } else {
            int bestCoarse = -1;
            int prevIdx = -1;
            for (int q = 0; q < COARSE_CANDIDATES; q++) {
                int c = (int) Math.round((double) q * (count - 1) / (COARSE_CANDIDATES - 1));
                if (c != prevIdx && best.consider(sorted, suffixLog, starts, c)) {
                    bestCoarse = q;
                }
                prevIdx = c;
            }
            // Refine over every candidate between the coarse neighbours of the coarse winner.
            int lo = (int) Math.round((double) Math.max(0, bestCoarse - 1) * (count - 1) / (COARSE_CANDIDATES - 1));
            int hi = (int) Math.round((double) Math.min(COARSE_CANDIDATES - 1, bestCoarse + 1) * (count - 1)
                / (COARSE_CANDIDATES - 1));
            for (int c = lo; c <= hi; c++) {
                best.consider(sorted, suffixLog, starts, c);
            }
        }
        if (best.start < 0) {
            throw new IllegalArgumentException("PowerLawFit.fit: every candidate tail has identical values");
        }
        double xmin = sorted[best.start];
        int nTail = n - best.start;
        return new Fit(best.alpha, xmin, (best.alpha - 1) / Math.sqrt(nTail), best.ks, nTail, n);
    }

    /** Running minimum of the scan. */
    private static final class Scan {
        double ks = Double.POSITIVE_INFINITY;
        double alpha = Double.NaN;
        int start = -1;

        boolean consider(double[] sorted, double[] suffixLog, int[] starts, int c) {
            int start = starts[c];
            double xmin = sorted[start];
            int nTail = sorted.length - start;
            double sumLog = suffixLog[start] - nTail * Math.log(xmin);
            if (!(sumLog > 0)) {
                return false; // all tail values equal xmin: α is unbounded, not a usable candidate
            }
            double a = 1 + nTail / sumLog;
            double d = ks(sorted, start, xmin, a);
            if (d < ks) {
                ks = d;
                alpha = a;
                this.start = start;
                return true;
            }
            return false;
        }
    }

    /**
     * KS distance max |S − P| over the tail sorted[start..], with P(x) = 1 − (x/xmin)^(1−α); at the i-th tail point
     * both i/n − P and (i−1)/n − P are checked (the two sides of the empirical CDF's jump).
     */
    static double ks(double[] sorted, int start, double xmin, double alpha) {
        int m = sorted.length - start;
        double d = 0;
        for (int i = 1; i <= m; i++) {
            double p = 1 - Math.pow(sorted[start + i - 1] / xmin, 1 - alpha);
            d = Math.max(d, Math.max(Math.abs((double) i / m - p), Math.abs((double) (i - 1) / m - p)));
        }
        return d;
    }

    /** Log-density of the fitted power law at x ≥ xmin. */
    static double logDensity(double x, double alpha, double xmin) {
        return Math.log(alpha - 1) - Math.log(xmin) - alpha * Math.log(x / xmin);
    }

    /** suffix[i] = Σ_{j ≥ i} ln sorted[j]; suffix[n] = 0. */
    private static double[] suffixLogSums(double[] sorted) {
        double[] s = new double[sorted.length + 1];
        for (int i = sorted.length - 1; i >= 0; i--) {
            s[i] = s[i + 1] + Math.log(sorted[i]);
        }
        return s;
    }

    /** First index with sorted[i] >= x. */
    static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double alphaFrom(int nTail, double sumLog, double xmin, String who) {
        if (nTail == 0) {
            throw new IllegalArgumentException(who + ": no data point >= xmin=" + xmin);
        }
        if (!(sumLog > 0)) {
            throw new IllegalArgumentException(who + ": all tail points equal xmin=" + xmin + ", alpha is unbounded");
        }
        return 1 + nTail / sumLog;
    }

    private static void checkXmin(double xmin) {
        if (!(xmin > 0) || Double.isInfinite(xmin)) {
            throw new IllegalArgumentException("xmin must be positive and finite, got " + xmin);
        }
    }

    static double[] checkData(double[] data, String who) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException(who + ": data must be non-empty");
        }
        for (double x : data) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(who + ": data must be finite, got " + x);
            }
        }
        return data;
    }
}
