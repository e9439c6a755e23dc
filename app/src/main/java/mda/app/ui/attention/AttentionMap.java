package mda.app.ui.attention;

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
}
