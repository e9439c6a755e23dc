package mda.engine.probe;

import mda.engine.corpus.Samples;
import mda.engine.util.SplitMix64;

/**
 * The fixed evaluation sets of one run (spec §2.1): repeated random tokens at two repeat lengths, so that a
 * fixed-offset positional head cannot pass for an induction head, and held-out natural-text windows.
 *
 * @param rrt        RRT at the default repeat length R, [n][2R(+bos)]
 * @param rrtShort   RRT at a second, shorter repeat length, [n][2R'(+bos)]
 * @param natural    held-out windows of T+1 tokens (inputs are the first T, targets the last T), never trained on
 * @param bos        whether the RRT sequences start with id 0
 */
public record EvalData(int[][] rrt, int[][] rrtShort, int[][] natural, boolean bos) {

    /** Sequences per set (spec §2.1: 64). */
    public static final int DEFAULT_SEQUENCES = 64;

    public int repeatLength() {
        return (rrt[0].length - (bos ? 1 : 0)) / 2;
    }

    public int shortRepeatLength() {
        return (rrtShort[0].length - (bos ? 1 : 0)) / 2;
    }

    /**
     * Builds the sets from the EVAL_SETS stream of the run seed. The natural-text windows are the given held-out
     * samples, which the data order must exclude.
     */
    public static EvalData build(int ctx, int vocab, Samples samples, long[] heldOut, int n, boolean bos, long seed) {
        SplitMix64 rng = SplitMix64.stream(seed, SplitMix64.Stream.EVAL_SETS);
        int room = ctx - (bos ? 1 : 0);
        int r = Math.min(EvalSets.defaultRepeatLength(ctx), Math.min(room / 2, vocab - 2));
        if (r < 4) {
            throw new IllegalArgumentException("context " + ctx + " and vocabulary " + vocab
                    + " leave room for only " + r + " repeated tokens; induction needs at least 4");
        }
        int rShort = Math.max(4, r / 2);
        int[][] rrt = EvalSets.repeatedRandomTokens(n, r, bos, vocab, 1, rng);
        int[][] rrtShort = EvalSets.repeatedRandomTokens(n, rShort, bos, vocab, 1, rng);
        int[][] natural = new int[heldOut.length][];
        for (int i = 0; i < heldOut.length; i++) {
            natural[i] = samples.sample(heldOut[i]);
        }
        return new EvalData(rrt, rrtShort, natural, bos);
    }
}
