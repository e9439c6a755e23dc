package mda.engine.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Repeated spans for highlighting: a greedy left-to-right parse (as in LZ77) that, at each position t, takes the
 * longest earlier occurrence s &lt; t of the text starting at t, capped at t − s so the two occurrences do not overlap.
 * A span of at least {@code minLength} tokens is emitted as (firstStart = s, secondStart = t, length) and the parse
 * jumps past it; otherwise it moves on one token. The second occurrences therefore never overlap each other, and each
 * is as long as possible at its start.
 *
 * <p>Candidates are read off the suffix-array neighbourhood of t, stopping as soon as the running LCP can no longer
 * beat the best length: near-linear on natural text, quadratic only on pathological inputs (fine for n ≤ 2049).
 */
public final class RepeatedSpans {
    private RepeatedSpans() {
    }

    /**
     * One repeated span.
     *
     * @param firstStart start of the earlier occurrence
     * @param secondStart start of the later occurrence
     * @param length number of tokens, with firstStart + length ≤ secondStart
     */
    public record Span(int firstStart, int secondStart, int length) {
        /** secondStart − firstStart. */
        public int distance() {
            return secondStart - firstStart;
        }
    }

    /** The spans of {@code tokens} of length ≥ minLength (≥ 1). */
    public static List<Span> find(int[] tokens, int minLength) {
        return find(SuffixArray.of(tokens), minLength);
    }

    /** The spans, from an already built suffix array. */
    public static List<Span> find(SuffixArray sa, int minLength) {
        if (minLength < 1) {
            throw new IllegalArgumentException("RepeatedSpans: minLength must be >= 1, got " + minLength);
        }
        int n = sa.length();
        List<Span> spans = new ArrayList<>();
        int t = 0;
        while (t < n) {
            int r = sa.rankOf(t);
            int bestLen = 0;
            int bestSrc = -1;
            // Walk up the suffix array (lcp[i] links i−1 and i), then down, keeping the running minimum LCP.
            int run = Integer.MAX_VALUE;
            for (int i = r; i > 0; i--) {
                run = Math.min(run, sa.lcpAt(i));
                if (run <= bestLen || run < minLength) {
                    break;
                }
                int s = sa.saAt(i - 1);
                if (s < t && Math.min(run, t - s) > bestLen) {
                    bestLen = Math.min(run, t - s);
                    bestSrc = s;
                }
            }
            run = Integer.MAX_VALUE;
            for (int i = r + 1; i < n; i++) {
                run = Math.min(run, sa.lcpAt(i));
                if (run <= bestLen || run < minLength) {
                    break;
                }
                int s = sa.saAt(i);
                if (s < t && Math.min(run, t - s) > bestLen) {
                    bestLen = Math.min(run, t - s);
                    bestSrc = s;
                }
            }
            if (bestLen >= minLength) {
                spans.add(new Span(bestSrc, t, bestLen));
                t += bestLen;
            } else {
                t++;
            }
        }
        return spans;
    }
}
