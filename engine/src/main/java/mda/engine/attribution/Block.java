package mda.engine.attribution;

/**
 * One linear block of a head's parameter slice (spec §3.2). Weights use the HF layout {@code W ∈ R^{d_out × d_in}}.
 *
 * <ul>
 *   <li>QK: qkv rows of head h's Q and K (d_out = 2dh), input LN1 output (d_in = d, +1 with bias).</li>
 *   <li>V: qkv rows of head h's V (d_out = dh), same input as QK.</li>
 *   <li>O: dense columns of head h (d_out = d, d_in = dh), never a bias (the dense bias is shared by all heads).</li>
 * </ul>
 */
public enum Block {
    QK, V, O;

    /** Output width of this block for model width {@code d} and head width {@code dh}. */
    public int dOut(int d, int dh) {
        return switch (this) {
            case QK -> 2 * dh;
            case V -> dh;
            case O -> d;
        };
    }

    /** Input width, including the homogeneous 1 for QK and V when biases are part of the slice. */
    public int dIn(int d, int dh, boolean withBias) {
        return switch (this) {
            case QK, V -> withBias ? d + 1 : d;
            case O -> dh;
        };
    }

    /** Whether this block's input carries the homogeneous bias coordinate when biases are included. */
    public boolean takesBias() {
        return this != O;
    }
}
