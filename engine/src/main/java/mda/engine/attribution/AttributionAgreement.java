package mda.engine.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mda.engine.analysis.Correlation;
import mda.engine.util.ReportJson;

/**
 * How far two attributions agree on the samples both scored: another probe, checkpoint, damping or mode of the same
 * head, or another head. Rank correlation over all shared samples, and the overlap of their top (most helpful) and
 * bottom (most harmful) sets at several sizes, which is what an intervention acts on.
 *
 * @param shared   samples scored by both
 * @param spearman Spearman ρ of the two scores over the shared samples
 * @param pearson  Pearson r of the two scores
 * @param sameSign share of shared samples whose scores have the same sign (zero counts as its own sign)
 * @param levels   one entry per top fraction
 */
public record AttributionAgreement(int shared, double spearman, double pearson, double sameSign, List<Level> levels) {
    /** The top fractions compared by default. */
    public static final double[] FRACTIONS = {0.01, 0.05, 0.10};

    /**
     * The overlap at one size: {@code k} samples, how many of A's top k are in B's top k (and the same for the bottom),
     * and the share a random pair of k-sets would share on average, k / shared.
     */
    public record Level(double fraction, int k, int topShared, int bottomShared, double chance) {
        public double topOverlap() {
            return (double) topShared / k;
        }

        public double bottomOverlap() {
            return (double) bottomShared / k;
        }
    }

    public static AttributionAgreement of(AttributionScores a, AttributionScores b) {
        return of(a, b, FRACTIONS);
    }

    /** Agreement over the sample ids both score files hold; fewer than two shared samples is refused. */
    public static AttributionAgreement of(AttributionScores a, AttributionScores b, double[] fractions) {
        // both files list their ids in increasing order: merge them
        List<double[]> pairs = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            int ia = a.sampleIds()[i];
            int ib = b.sampleIds()[j];
            if (ia == ib) {
                pairs.add(new double[] {a.scores()[i], b.scores()[j]});
                i++;
                j++;
            } else if (ia < ib) {
                i++;
            } else {
                j++;
            }
        }
        int n = pairs.size();
        if (n < 2) {
            throw new IllegalArgumentException("the two attributions share " + n + " scored samples; agreement needs "
                    + "at least 2 (were they made on different corpora?)");
        }
        double[] x = new double[n];
        double[] y = new double[n];
        int same = 0;
        for (int k = 0; k < n; k++) {
            x[k] = pairs.get(k)[0];
            y[k] = pairs.get(k)[1];
            same += Math.signum(x[k]) == Math.signum(y[k]) ? 1 : 0;
        }
        Integer[] byA = order(x);
        Integer[] byB = order(y);
        List<Level> levels = new ArrayList<>();
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("a top fraction must lie in (0, 1], got " + f);
            }
            int k = Math.max(1, (int) Math.round(f * n));
            levels.add(new Level(f, k, overlap(byA, byB, 0, k), overlap(byA, byB, n - k, n), (double) k / n));
        }
        return new AttributionAgreement(n, Correlation.spearman(x, y), Correlation.pearson(x, y), (double) same / n,
                levels);
    }

    /** Indices by decreasing score, ties by index, so that equal inputs give equal sets. */
    private static Integer[] order(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -v[i]).thenComparingInt(i -> i));
        return idx;
    }

    private static int overlap(Integer[] a, Integer[] b, int from, int to) {
        Set<Integer> s = new HashSet<>(Arrays.asList(a).subList(from, to));
        int count = 0;
        for (int i = from; i < to; i++) {
            count += s.contains(b[i]) ? 1 : 0;
        }
        return count;
    }

    /** The agreement as JSON, with the two attributions' ids. */
    public String toJson(long first, long second) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attribution", first);
        m.put("against", second);
        m.put("shared", shared);
        m.put("spearman", spearman);
        m.put("pearson", pearson);
        m.put("sameSign", sameSign);
        m.put("levels", levels);
        return ReportJson.of(m);
    }
}
