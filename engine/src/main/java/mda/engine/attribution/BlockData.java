package mda.engine.attribution;

import org.ejml.data.DMatrixRMaj;

/**
 * One sample's per-position inputs and output gradients of one block: {@code a} is [T][d_in] (row t = ã_t, the
 * homogeneous 1 already appended when the block has a bias) and {@code g} is [T][d_out] (row t = g_t).
 * The sample's weight gradient in the block is {@code G = Σ_t g_t a_tᵀ = gᵀ a}.
 */
public record BlockData(Block block, DMatrixRMaj a, DMatrixRMaj g) {
    public BlockData {
        if (a.numRows != g.numRows) {
            throw new IllegalArgumentException("a has " + a.numRows + " positions but g has " + g.numRows);
        }
    }

    /** Builds block data from [T][d_in] and [T][d_out] arrays (copied). */
    public static BlockData of(Block block, double[][] a, double[][] g) {
        return new BlockData(block, new DMatrixRMaj(a), new DMatrixRMaj(g));
    }

    public int positions() {
        return a.numRows;
    }

    public int dIn() {
        return a.numCols;
    }

    public int dOut() {
        return g.numCols;
    }

    /** The materialized per-sample gradient {@code G = gᵀ a} (d_out × d_in); for factor fitting and tests. */
    public DMatrixRMaj gradient() {
        DMatrixRMaj out = new DMatrixRMaj(dOut(), dIn());
        org.ejml.dense.row.CommonOps_DDRM.multTransA(g, a, out);
        return out;
    }
}
