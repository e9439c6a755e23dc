package mda.engine.probe;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import mda.engine.util.SplitMix64;

/**
 * Evaluation-set generators and the induction query/target map (spec §2.1–§2.2).
 *
 * <p>Repeated random tokens (RRT): an optional BOS (id 0), then {@code R} distinct ids drawn without replacement
 * from {@code [firstUsableId, vocab)}, then the same {@code R} ids again. Drawing without replacement makes the
 * previous occurrence of every second-copy token unique.
 */
public final class EvalSets {
    /** Id 0 is EOD/BOS for Pythia tokenizers and for our byte/BPE tokenizers alike. */
    public static final int BOS_ID = 0;

    private EvalSets() {
    }

    /**
     * The induction queries of one token sequence: every position {@code i} whose token occurred earlier, with
     * {@code prev(i)} = the most recent earlier occurrence and target {@code prev(i)+1} (spec §2.2). Works on any text.
     *
     * @param positions query positions i, increasing
     * @param prevs     prev(i) for each query
     * @param targets   prev(i)+1 for each query (always ≤ i)
     */
    public record InductionQueries(int[] positions, int[] prevs, int[] targets) {
        /** Number of queries. */
        public int size() {
            return positions.length;
        }
    }

    /**
     * {@code n} RRT sequences of length {@code 2R + (bos ? 1 : 0)}.
     *
     * @param n             number of sequences (≥ 1)
     * @param repeatLength  R, the length of one copy (≥ 1)
     * @param bos           whether to put id 0 first
     * @param vocab         vocabulary size
     * @param firstUsableId lowest id that may be drawn (≥ 1: id 0 is EOD/BOS)
     * @param rng           random source (use the EVAL_SETS stream)
     * @return token ids, [n][2R(+1)]
     */
    public static int[][] repeatedRandomTokens(int n, int repeatLength, boolean bos, int vocab, int firstUsableId,
            SplitMix64 rng) {
        if (n < 1) {
            throw new IllegalArgumentException("repeatedRandomTokens: n must be ≥ 1, got " + n);
        }
        if (repeatLength < 1) {
            throw new IllegalArgumentException("repeatedRandomTokens: repeatLength must be ≥ 1, got " + repeatLength);
        }
        if (firstUsableId < 1) {
            throw new IllegalArgumentException(
                    "repeatedRandomTokens: firstUsableId must be ≥ 1 (id 0 is EOD/BOS), got " + firstUsableId);
        }
        int pool = vocab - firstUsableId;
        if (pool < repeatLength) {
            throw new IllegalArgumentException("repeatedRandomTokens: only " + pool + " usable ids in [" + firstUsableId
                    + ", " + vocab + ") but repeatLength is " + repeatLength);
        }
        int off = bos ? 1 : 0;
        int[][] out = new int[n][2 * repeatLength + off];
        for (int s = 0; s < n; s++) {
            int[] draw = sampleWithoutReplacement(pool, repeatLength, rng);
            int[] seq = out[s];
            if (bos) {
                seq[0] = BOS_ID;
            }
            for (int k = 0; k < repeatLength; k++) {
                seq[off + k] = firstUsableId + draw[k];
                seq[off + repeatLength + k] = firstUsableId + draw[k];
            }
        }
        return out;
    }

    /** Default R = min(256, ⌊(ctx−1)/2⌋), so BOS + two copies fit in the context (spec §2.1). */
    public static int defaultRepeatLength(int ctx) {
        if (ctx < 3) {
            throw new IllegalArgumentException("defaultRepeatLength: ctx must be ≥ 3, got " + ctx);
        }
        return Math.min(256, (ctx - 1) / 2);
    }

    /** Induction queries of one sequence: positions with an earlier occurrence of the same token. */
    public static InductionQueries inductionQueries(int[] tokens) {
        Map<Integer, Integer> last = new HashMap<>();
        int[] pos = new int[tokens.length];
        int[] prev = new int[tokens.length];
        int m = 0;
        for (int i = 0; i < tokens.length; i++) {
            Integer p = last.put(tokens[i], i);
            if (p != null) {
                pos[m] = i;
                prev[m] = p;
                m++;
            }
        }
        int[] positions = Arrays.copyOf(pos, m);
        int[] prevs = Arrays.copyOf(prev, m);
        int[] targets = new int[m];
        for (int q = 0; q < m; q++) {
            targets[q] = prevs[q] + 1;
        }
        return new InductionQueries(positions, prevs, targets);
    }

    /**
     * k distinct values from [0, pool), in draw order. A partial Fisher–Yates over a sparse map keeps this
     * O(k) for a 50k vocabulary.
     */
    private static int[] sampleWithoutReplacement(int pool, int k, SplitMix64 rng) {
        Map<Integer, Integer> swapped = new HashMap<>();
        int[] out = new int[k];
        for (int t = 0; t < k; t++) {
            int j = t + rng.nextInt(pool - t);
            int vj = swapped.getOrDefault(j, j);
            int vt = swapped.getOrDefault(t, t);
            swapped.put(j, vt);
            out[t] = vj;
        }
        return out;
    }
}
