package mda.engine.analysis;

import java.util.Arrays;
import java.util.List;

/**
 * Per-sample repetition statistics of spec §5.2, computed from one suffix array.
 *
 * @param n sequence length (T+1 token ids)
 * @param longestRepeat LRS: longest repeated substring (occurrences may overlap), with its two positions
 * @param longestNonOverlapping the non-overlapping version, max over adjacent suffixes of min(LCP, |ΔSA|)
 * @param coverage cov_ℓ: fraction of positions covered by a substring of length ≥ ℓ occurring ≥ 2 times
 * @param ipf1 IPF_1 (with its long-range variant and distances)
 * @param ipf2 IPF_2, the headline statistic; {@code ipf2.longRangeFraction()} is IPF_2^{≥D}
 * @param bigramRep fraction of the n−1 bigram tokens whose bigram occurs more than once (NaN when n &lt; 2)
 * @param spans repeated spans for highlighting (see {@link RepeatedSpans})
 * @param options the parameters used
 */
public record RepetitionStats(int n, SuffixArray.Repeat longestRepeat, SuffixArray.Repeat longestNonOverlapping,
                              double coverage, Ipf ipf1, Ipf ipf2, double bigramRep,
                              List<RepeatedSpans.Span> spans, Options options) {

    /**
     * Parameters, spec defaults in {@link #defaults()}.
     *
     * @param coverageLength ℓ of cov_ℓ (default 8)
     * @param longRangeDistance D of IPF_m^{≥D} (default 64)
     * @param spanMinLength minimum length of a highlighted repeated span (default 8, as ℓ)
     */
    public record Options(int coverageLength, int longRangeDistance, int spanMinLength) {
        public Options {
            require(coverageLength >= 1, "coverageLength", coverageLength);
            require(longRangeDistance >= 1, "longRangeDistance", longRangeDistance);
            require(spanMinLength >= 1, "spanMinLength", spanMinLength);
        }

        /** ℓ = 8, D = 64, spans of at least 8 tokens. */
        public static Options defaults() {
            return new Options(8, 64, 8);
        }

        private static void require(boolean ok, String field, int value) {
            if (!ok) {
                throw new IllegalArgumentException("RepetitionStats.Options: " + field + " must be >= 1, got " + value);
            }
        }
    }

    /**
     * Induction-predictable fraction IPF_m: among positions t ∈ [m−1, n−2], the fraction whose m-gram ending at t
     * occurred earlier, ending at the most recent such j &lt; t, with x_{j+1} = x_{t+1}.
     *
     * @param m m-gram length
     * @param positions number of positions considered, n − m
     * @param predictable number of predictable positions
     * @param fraction predictable / positions (NaN when there are no positions)
     * @param longRange predictable positions with t − j ≥ minDistance
     * @param longRangeFraction longRange / positions: IPF_m^{≥D}
     * @param minDistance D
     * @param medianDistance median of t − j over predictable positions (NaN when none)
     * @param p90Distance 90th percentile (linear interpolation) of t − j (NaN when none)
     */
    public record Ipf(int m, int positions, int predictable, double fraction, int longRange, double longRangeFraction,
                      int minDistance, double medianDistance, double p90Distance) {
    }

    /** All statistics with the spec's defaults. */
    public static RepetitionStats of(int[] tokens) {
        return of(tokens, Options.defaults());
    }

    /** All statistics with explicit parameters. */
    public static RepetitionStats of(int[] tokens, Options options) {
        SuffixArray sa = SuffixArray.of(tokens);
        int[] x = tokens.clone();
        int n = x.length;
        int[] bigramClass = mgramClasses(sa, 2);
        double bigramRep = Double.NaN;
        if (n >= 2) {
            int[] count = new int[n];
            for (int s = 0; s + 1 < n; s++) {
                count[bigramClass[s]]++;
            }
            int repeated = 0;
            for (int s = 0; s + 1 < n; s++) {
                repeated += count[bigramClass[s]] > 1 ? 1 : 0;
            }
            bigramRep = (double) repeated / (n - 1);
        }
        return new RepetitionStats(n, sa.longestRepeat(), sa.longestNonOverlappingRepeat(),
            coverage(sa, options.coverageLength()), ipf(sa, x, 1, options.longRangeDistance()),
            ipf(x, bigramClass, 2, options.longRangeDistance()), bigramRep,
            List.copyOf(RepeatedSpans.find(sa, options.spanMinLength())), options);
    }

    /** IPF_m of a token sequence, for any m ≥ 1. */
    public static Ipf ipf(int[] tokens, int m, int minDistance) {
        return ipf(SuffixArray.of(tokens), tokens.clone(), m, minDistance);
    }

    private static Ipf ipf(SuffixArray sa, int[] x, int m, int minDistance) {
        if (m < 1) {
            throw new IllegalArgumentException("RepetitionStats.ipf: m must be >= 1, got " + m);
        }
        return ipf(x, mgramClasses(sa, m), m, minDistance);
    }

    private static Ipf ipf(int[] x, int[] cls, int m, int minDistance) {
        int n = x.length;
        int positions = Math.max(0, n - m);
        int[] lastEnd = new int[n];
        Arrays.fill(lastEnd, -1);
        int[] dist = new int[positions];
        int predictable = 0;
        int longRange = 0;
        for (int t = m - 1; t <= n - 2; t++) {
            int c = cls[t - m + 1];
            int j = lastEnd[c];
            if (j >= 0 && x[j + 1] == x[t + 1]) {
                dist[predictable++] = t - j;
                longRange += t - j >= minDistance ? 1 : 0;
            }
            lastEnd[c] = t;
        }
        int[] d = Arrays.copyOf(dist, predictable);
        Arrays.sort(d);
        double frac = positions == 0 ? Double.NaN : (double) predictable / positions;
        double longFrac = positions == 0 ? Double.NaN : (double) longRange / positions;
        return new Ipf(m, positions, predictable, frac, longRange, longFrac, minDistance, quantile(d, 0.5),
            quantile(d, 0.9));
    }

    /**
     * Class id of the m-gram starting at each position s (s + m ≤ n; −1 otherwise): equal ids iff equal m-grams.
     * Suffixes sharing an m-gram are contiguous in the suffix array and linked by LCP ≥ m.
     */
    static int[] mgramClasses(SuffixArray sa, int m) {
        int n = sa.length();
        int[] cls = new int[n];
        Arrays.fill(cls, -1);
        int next = -1;
        for (int i = 0; i < n; i++) {
            int s = sa.saAt(i);
            if (n - s < m) {
                continue;
            }
            if (next < 0 || sa.lcpAt(i) < m) {
                next++;
            }
            cls[s] = next;
        }
        return cls;
    }

    /** cov_ℓ: mark both occurrences of every adjacent-suffix match with LCP ≥ ℓ, to their full common length. */
    static double coverage(SuffixArray sa, int minLength) {
        int n = sa.length();
        if (n == 0) {
            return Double.NaN;
        }
        int[] diff = new int[n + 1];
        for (int i = 1; i < n; i++) {
            int len = sa.lcpAt(i);
            if (len >= minLength) {
                diff[sa.saAt(i)]++;
                diff[sa.saAt(i) + len]--;
                diff[sa.saAt(i - 1)]++;
                diff[sa.saAt(i - 1) + len]--;
            }
        }
        int covered = 0;
        int depth = 0;
        for (int p = 0; p < n; p++) {
            depth += diff[p];
            covered += depth > 0 ? 1 : 0;
        }
        return (double) covered / n;
    }

    /** Linear-interpolation quantile of sorted values (numpy's default); NaN when empty. */
    static double quantile(int[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
