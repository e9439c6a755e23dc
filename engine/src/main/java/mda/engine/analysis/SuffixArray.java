package mda.engine.analysis;

import java.util.Arrays;

/**
 * Suffix array of an int sequence by prefix doubling with radix (counting) sorts, O(n log n), and the LCP array by
 * Kasai's algorithm (spec §5.1). {@code lcp[i]} is the common-prefix length of the suffixes at {@code sa[i]} and
 * {@code sa[i−1]}; {@code lcp[0] = 0}.
 */
public final class SuffixArray {
    private final int[] tokens;
    private final int[] sa;
    private final int[] rank;
    private final int[] lcp;

    private SuffixArray(int[] tokens) {
        this.tokens = tokens;
        this.sa = build(tokens);
        this.rank = new int[tokens.length];
        for (int i = 0; i < sa.length; i++) {
            rank[sa[i]] = i;
        }
        this.lcp = kasai(tokens, sa, rank);
    }

    /**
     * Longest repeated substring.
     *
     * @param length its length (0 when no token repeats)
     * @param first the smaller of its two start positions (−1 when length is 0)
     * @param second the larger start position (−1 when length is 0)
     */
    public record Repeat(int length, int first, int second) {
        /** Distance second − first between the two occurrences (0 when there is no repeat). */
        public int distance() {
            return second - first;
        }
    }

    /** Builds the suffix array and LCP array of {@code tokens} (any int values; the array is copied). */
    public static SuffixArray of(int[] tokens) {
        if (tokens == null) {
            throw new IllegalArgumentException("SuffixArray: tokens must not be null");
        }
        return new SuffixArray(tokens.clone());
    }

    /** A copy of the suffix array: start positions of the suffixes in lexicographic order. */
    public int[] sa() {
        return sa.clone();
    }

    /** A copy of the LCP array. */
    public int[] lcp() {
        return lcp.clone();
    }

    /** A copy of the inverse suffix array: rank[p] is the index of suffix p in {@link #sa()}. */
    public int[] rank() {
        return rank.clone();
    }

    /** Sequence length n. */
    public int length() {
        return tokens.length;
    }

    int saAt(int i) {
        return sa[i];
    }

    int lcpAt(int i) {
        return lcp[i];
    }

    int rankOf(int position) {
        return rank[position];
    }

    int token(int position) {
        return tokens[position];
    }

    /** Longest repeated substring (occurrences may overlap): the maximum LCP and its two suffixes. */
    public Repeat longestRepeat() {
        int best = 0;
        int at = -1;
        for (int i = 1; i < lcp.length; i++) {
            if (lcp[i] > best) {
                best = lcp[i];
                at = i;
            }
        }
        return at < 0 ? new Repeat(0, -1, -1) : repeatAt(at, best);
    }

    /** Longest non-overlapping repeat over adjacent suffixes: max of min(LCP[i], |SA[i] − SA[i−1]|) (spec §5.2). */
    public Repeat longestNonOverlappingRepeat() {
        int best = 0;
        int at = -1;
        for (int i = 1; i < lcp.length; i++) {
            int len = Math.min(lcp[i], Math.abs(sa[i] - sa[i - 1]));
            if (len > best) {
                best = len;
                at = i;
            }
        }
        return at < 0 ? new Repeat(0, -1, -1) : repeatAt(at, best);
    }

    private Repeat repeatAt(int i, int length) {
        return new Repeat(length, Math.min(sa[i], sa[i - 1]), Math.max(sa[i], sa[i - 1]));
    }

    private static int[] build(int[] s) {
        int n = s.length;
        int[] sa = new int[n];
        if (n == 0) {
            return sa;
        }
        // Initial ranks: the token ids compressed to 0..m−1, so counting sorts need only O(n) buckets.
        int[] distinct = Arrays.stream(s).distinct().sorted().toArray();
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[i] = Arrays.binarySearch(distinct, s[i]);
        }
        int classes = distinct.length;
        int[] cnt = new int[Math.max(classes, n) + 1];
        for (int i = 0; i < n; i++) {
            cnt[rank[i]]++;
        }
        for (int c = 1; c < classes; c++) {
            cnt[c] += cnt[c - 1];
        }
        for (int i = n - 1; i >= 0; i--) {
            sa[--cnt[rank[i]]] = i;
        }
        int[] bySecond = new int[n];
        int[] next = new int[n];
        for (int k = 1; classes < n; k <<= 1) {
            // Order by the second key rank[i+k]: suffixes shorter than k+1 (no second half) come first.
            int p = 0;
            for (int i = n - k; i < n; i++) {
                bySecond[p++] = i;
            }
            for (int i = 0; i < n; i++) {
                if (sa[i] >= k) {
                    bySecond[p++] = sa[i] - k;
                }
            }
            // Stable counting sort by the first key rank[i].
            Arrays.fill(cnt, 0, classes + 1, 0);
            for (int i = 0; i < n; i++) {
                cnt[rank[i]]++;
            }
            for (int c = 1; c < classes; c++) {
                cnt[c] += cnt[c - 1];
            }
            for (int i = n - 1; i >= 0; i--) {
                sa[--cnt[rank[bySecond[i]]]] = bySecond[i];
            }
            next[sa[0]] = 0;
            classes = 1;
            for (int i = 1; i < n; i++) {
                int a = sa[i - 1];
                int b = sa[i];
                boolean same = rank[a] == rank[b] && second(rank, a + k, n) == second(rank, b + k, n);
                next[b] = same ? classes - 1 : classes++;
            }
            int[] t = rank;
            rank = next;
            next = t;
        }
        return sa;
    }

    private static int second(int[] rank, int i, int n) {
        return i < n ? rank[i] : -1;
    }

    private static int[] kasai(int[] s, int[] sa, int[] rank) {
        int n = s.length;
        int[] lcp = new int[n];
        int h = 0;
        for (int p = 0; p < n; p++) {
            if (rank[p] == 0) {
                h = 0;
                continue;
            }
            int q = sa[rank[p] - 1];
            while (p + h < n && q + h < n && s[p + h] == s[q + h]) {
                h++;
            }
            lcp[rank[p]] = h;
            if (h > 0) {
                h--;
            }
        }
        return lcp;
    }
}
