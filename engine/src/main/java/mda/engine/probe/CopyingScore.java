package mda.engine.probe;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Copying scores of one head (spec §2.4).
 *
 * <p>{@link #ovEigen} is the weights-only OV-eigenvalue score: the nonzero eigenvalues of the V×V OV circuit
 * {@code U·Wo·Wv·Eᵀ} equal those of the small dh×dh matrix {@code N = Wv·(EᵀU)·Wo}, and the score is
 * {@code Σ Re λ / Σ |λ|} in [−1, 1] (near 1 = copying). {@link #empirical} is the behavioural top-k score.
 */
public final class CopyingScore {
    private CopyingScore() {
    }

    /**
     * OV-eigenvalue copying score.
     *
     * @param wV  the head's value rows, dh×d
     * @param wO  the head's columns of the output projection, d×dh
     * @param eTu Eᵀ·U, d×d (built once per checkpoint)
     * @return Σ Re λ / Σ |λ| over the eigenvalues of N = wV·eTu·wO
     */
    public static double ovEigen(double[][] wV, double[][] wO, double[][] eTu) {
        int dh = wV.length;
        if (dh == 0) {
            throw new IllegalArgumentException("wV: empty matrix");
        }
        int d = wV[0].length;
        requireShape("wV", wV, dh, d);
        requireShape("wO", wO, d, dh);
        requireShape("eTu", eTu, d, d);
        DMatrixRMaj v = new DMatrixRMaj(wV);
        DMatrixRMaj o = new DMatrixRMaj(wO);
        DMatrixRMaj m = new DMatrixRMaj(eTu);
        DMatrixRMaj vm = new DMatrixRMaj(dh, d);
        CommonOps_DDRM.mult(v, m, vm);
        DMatrixRMaj n = new DMatrixRMaj(dh, dh);
        CommonOps_DDRM.mult(vm, o, n);
        // General (non-symmetric) solver: eigenvalues come in complex-conjugate pairs.
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(dh, false);
        if (!eig.decompose(n)) {
            throw new IllegalStateException("ovEigen: EJML eigen decomposition of the " + dh + "×" + dh
                    + " OV matrix did not converge");
        }
        double re = 0;
        double abs = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            Complex_F64 lambda = eig.getEigenvalue(i);
            re += lambda.real;
            abs += Math.hypot(lambda.real, lambda.imaginary);
        }
        if (abs == 0) {
            throw new IllegalArgumentException("ovEigen: the OV matrix is zero, so the score is undefined");
        }
        return re / abs;
    }

    /**
     * Empirical copying score: the fraction of positions whose target token ranks in the top-k of the head's direct
     * logit contribution. A target ranks in the top-k when fewer than k logits are strictly greater than its own.
     *
     * @param directLogits [positions][V] direct logit contribution of the head (already divided by the final LN scale)
     * @param targets      target token per position (the induction target u_{prev(i)+1})
     * @param topK         k ≥ 1 (the spec uses 5)
     */
    public static double empirical(float[][] directLogits, int[] targets, int topK) {
        if (directLogits.length != targets.length) {
            throw new IllegalArgumentException("empirical: " + directLogits.length + " logit rows but "
                    + targets.length + " targets");
        }
        if (directLogits.length == 0) {
            throw new IllegalArgumentException("empirical: no positions");
        }
        if (topK < 1) {
            throw new IllegalArgumentException("empirical: topK must be ≥ 1, got " + topK);
        }
        int hits = 0;
        for (int p = 0; p < targets.length; p++) {
            float[] row = directLogits[p];
            int target = targets[p];
            if (target < 0 || target >= row.length) {
                throw new IllegalArgumentException("empirical: target " + target + " at position " + p
                        + " is outside the vocabulary [0, " + row.length + ")");
            }
            float own = row[target];
            if (Float.isNaN(own)) {
                throw new IllegalArgumentException("empirical: NaN logit at position " + p);
            }
            int greater = 0;
            for (float x : row) {
                if (x > own) {
                    greater++;
                }
            }
            if (greater < topK) {
                hits++;
            }
        }
        return hits / (double) targets.length;
    }

    private static void requireShape(String name, double[][] m, int rows, int cols) {
        if (m.length != rows) {
            throw new IllegalArgumentException(name + ": expected " + rows + " rows, got " + m.length);
        }
        for (int r = 0; r < rows; r++) {
            if (m[r].length != cols) {
                throw new IllegalArgumentException(name + ": row " + r + " has " + m[r].length + " columns, expected "
                        + cols);
            }
        }
    }
}
