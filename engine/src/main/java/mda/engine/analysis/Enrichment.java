package mda.engine.analysis;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Enrichment of a category, or of any boolean property, among the top-k samples by score against its base rate
 * (spec §5.4). Top k means the k highest scores, ties broken by lower index. With a = hits in the top k, the 2×2 table
 * is [[a, k−a], [K−a, n−k−K+a]] (K = hits overall); the p-values are the hypergeometric upper tail P(X ≥ a) and the
 * two-sided Fisher exact test (sum of the table probabilities not above that of the observed table).
 *
 * @param n number of samples
 * @param k size of the top set
 * @param hitsTotal samples with the property, K
 * @param hitsTop samples with the property in the top k, a
 * @param topShare a/k
 * @param baseRate K/n
 * @param ratio topShare/baseRate (NaN when K = 0)
 * @param oddsRatio sample odds ratio a(n−k−K+a)/((k−a)(K−a)), +∞ when only the denominator is 0, NaN when both are
 * @param pEnriched one-sided hypergeometric p-value P(X ≥ a)
 * @param pTwoSided two-sided Fisher exact p-value
 */
public record Enrichment(int n, int k, int hitsTotal, int hitsTop, double topShare, double baseRate, double ratio,
                         double oddsRatio, double pEnriched, double pTwoSided) {

    /** Relative tolerance when comparing table probabilities for the two-sided test (as in common implementations). */
    private static final double TIE_TOLERANCE = 1e-7;

    /** Enrichment from counts. */
    public static Enrichment fromCounts(int n, int hitsTotal, int k, int hitsTop) {
        if (n < 1 || k < 1 || k > n || hitsTotal < 0 || hitsTotal > n || hitsTop < 0 || hitsTop > Math.min(k, hitsTotal)
            || hitsTotal - hitsTop > n - k) {
            throw new IllegalArgumentException("Enrichment: inconsistent counts n=" + n + " hitsTotal=" + hitsTotal
                + " k=" + k + " hitsTop=" + hitsTop);
        }
        int a = hitsTop;
        int b = k - a;
        int c = hitsTotal - a;
        int d = n - k - c;
        double num = (double) a * d;
        double den = (double) b * c;
        double odds = den == 0 ? (num == 0 ? Double.NaN : Double.POSITIVE_INFINITY) : num / den;
        double topShare = (double) a / k;
        double base = (double) hitsTotal / n;
        // Support of X ~ Hypergeometric(n, K, k).
        int lo = Math.max(0, k - (n - hitsTotal));
        int hi = Math.min(k, hitsTotal);
        double logObs = logPmf(n, hitsTotal, k, a);
        double upper = 0;
        double two = 0;
        for (int x = lo; x <= hi; x++) {
            double lp = logPmf(n, hitsTotal, k, x);
            double p = Math.exp(lp);
            if (x >= a) {
                upper += p;
            }
            if (lp <= logObs + Math.log1p(TIE_TOLERANCE)) {
                two += p;
            }
        }
        return new Enrichment(n, k, hitsTotal, a, topShare, base, hitsTotal == 0 ? Double.NaN : topShare / base, odds,
            Math.min(1, upper), Math.min(1, two));
    }

    /** Enrichment of a boolean property among the top k scores. */
    public static Enrichment ofProperty(double[] scores, boolean[] property, int k) {
        if (scores == null || property == null || scores.length != property.length) {
            throw new IllegalArgumentException("Enrichment: scores and property must have the same length");
        }
        int hitsTotal = 0;
        for (boolean p : property) {
            hitsTotal += p ? 1 : 0;
        }
        int hitsTop = 0;
        for (int i : topIndices(scores, k)) {
            hitsTop += property[i] ? 1 : 0;
        }
        return fromCounts(scores.length, hitsTotal, k, hitsTop);
    }

    /** Enrichment of one category among the top k scores. */
    public static Enrichment ofCategory(double[] scores, String[] categories, String category, int k) {
        if (categories == null || scores == null || categories.length != scores.length) {
            throw new IllegalArgumentException("Enrichment: scores and categories must have the same length");
        }
        boolean[] is = new boolean[categories.length];
        for (int i = 0; i < is.length; i++) {
            is[i] = category.equals(categories[i]);
        }
        return ofProperty(scores, is, k);
    }

    /** One row per distinct category, in name order. */
    public static Map<String, Enrichment> table(double[] scores, String[] categories, int k) {
        Map<String, Enrichment> rows = new TreeMap<>();
        for (String c : categories) {
            if (c == null) {
                throw new IllegalArgumentException("Enrichment: category labels must not be null");
            }
            rows.computeIfAbsent(c, name -> ofCategory(scores, categories, name, k));
        }
        return rows;
    }

    /** Indices of the k highest scores, highest first, ties by lower index. */
    public static int[] topIndices(double[] scores, int k) {
        if (k < 1 || k > scores.length) {
            throw new IllegalArgumentException("Enrichment: k must be in [1, " + scores.length + "], got " + k);
        }
        for (double s : scores) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("Enrichment: scores must not be NaN");
            }
        }
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> {
            int c = Double.compare(scores[y], scores[x]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        return Arrays.stream(idx, 0, k).mapToInt(Integer::intValue).toArray();
    }

    private static double logPmf(int n, int hits, int draws, int x) {
        return SpecialFunctions.logChoose(hits, x) + SpecialFunctions.logChoose(n - hits, draws - x)
            - SpecialFunctions.logChoose(n, draws);
    }
}
