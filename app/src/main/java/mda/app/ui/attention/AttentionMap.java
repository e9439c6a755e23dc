package mda.app.ui.attention;

import mda.engine.probe.HeadMetrics;

/**
 * One head's attention pattern on one input: {@code weights[q][k]} is how much query position q attends to key
 * position k (rows sum to 1, zero above the diagonal), with a printable label per position.
 */
public record AttentionMap(long runId, long step, int layer, int head, int[] ids, String[] labels,
                           double[][] weights) {
    /** Sequence length T. */
    public int length() {
        return ids.length;
    }

    /** The pattern as JFreeChart XYZ rows {x = key, y = query, z = weight}, item q·T + k. */
    public double[][] xyz() {
        int t = length();
        double[][] out = new double[3][t * t];
        for (int q = 0; q < t; q++) {
            for (int k = 0; k < t; k++) {
                out[0][q * t + k] = k;
                out[1][q * t + k] = q;
                out[2][q * t + k] = weights[q][k];
            }
        }
        return out;
    }

    /**
     * The head's induction score on this input (spec §2.2): the mean weight from each token that occurred before to
     * the token after its earlier occurrence; NaN when no token repeats.
     */
    public double induction() {
        return HeadMetrics.induction(flat(), new int[][] {ids})[0];
    }

    /** The head's previous-token score on this input: the mean weight from each position to the one before it. */
    public double previousToken() {
        return HeadMetrics.previousToken(flat(), new int[][] {ids}, false)[0];
    }

    private float[] flat() {
        int t = length();
        float[] out = new float[t * t];
        for (int q = 0; q < t; q++) {
            for (int k = 0; k < t; k++) {
                out[q * t + k] = (float) weights[q][k];
            }
        }
        return out;
    }
}
