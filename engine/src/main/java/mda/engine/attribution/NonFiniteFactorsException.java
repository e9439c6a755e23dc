package mda.engine.attribution;

import org.ejml.data.DMatrixRMaj;

/**
 * Thrown when an EK-FAC sum holds NaN or ±Inf (spec §3.12: the checkpoint's activations or gradients overflow at
 * the tapped layer); the fit stops there so that no factors or scores are computed from it.
 */
public final class NonFiniteFactorsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NonFiniteFactorsException(String message) {
        super(message);
    }

    /** Throws when {@code m} holds a non-finite entry; {@code what} names the factor, e.g. "covariance S". */
    static void check(DMatrixRMaj m, String what, HeadSlice slice, Block block, long samples) {
        for (int i = 0; i < m.data.length && i < m.numRows * m.numCols; i++) {
            if (!Double.isFinite(m.data[i])) {
                throw new NonFiniteFactorsException(String.format("EK-FAC %s of L%d.H%d block %s is not finite (%s at "
                        + "(%d, %d)) after %d fitting samples: the checkpoint's activations or gradients overflow at "
                        + "layer %d; refusing to fit or score", what, slice.layer(), slice.head(), block, m.data[i],
                        i / m.numCols, i % m.numCols, samples, slice.layer()));
            }
        }
    }
}
