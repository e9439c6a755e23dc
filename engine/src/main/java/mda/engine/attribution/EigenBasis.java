package mda.engine.attribution;

import java.util.Arrays;
import java.util.Comparator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigendecomposition {@code X = Q diag(values) Qᵀ} of a symmetric factor (spec §3.5 step 2), in float64 via EJML.
 * Eigenvectors are the columns of {@code vectors}, sorted by decreasing eigenvalue; their signs, and the choice of
 * vectors inside a repeated or null eigenspace, are arbitrary and must not matter downstream.
 */
public record EigenBasis(DMatrixRMaj vectors, double[] values) {
    public EigenBasis {
        if (vectors.numRows != vectors.numCols || values.length != vectors.numRows) {
            throw new IllegalArgumentException("eigenvectors " + vectors.numRows + "x" + vectors.numCols
                    + " do not match " + values.length + " eigenvalues");
        }
    }

    /** Decomposes {@code (x + xᵀ)/2}. */
    public static EigenBasis of(DMatrixRMaj x) {
        int n = x.numRows;
        if (x.numCols != n) {
            throw new IllegalArgumentException("factor must be square, got " + x.numRows + "x" + x.numCols);
        }
        DMatrixRMaj sym = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0.5 * (x.unsafe_get(i, j) + x.unsafe_get(j, i));
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("factor has a non-finite entry at (" + i + ", " + j + ")");
                }
                sym.unsafe_set(i, j, v);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(sym)) {
            throw new IllegalStateException("symmetric eigendecomposition of a " + n + "x" + n + " factor failed");
        }
        Integer[] order = new Integer[n];
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            raw[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -raw[i]));
        DMatrixRMaj q = new DMatrixRMaj(n, n);
        double[] values = new double[n];
        for (int c = 0; c < n; c++) {
            int k = order[c];
            values[c] = raw[k];
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int r = 0; r < n; r++) {
                q.unsafe_set(r, c, v.get(r));
            }
        }
        return new EigenBasis(q, values);
    }

    public int size() {
        return values.length;
    }

    /** Stable rank {@code ‖X‖_F² / ‖X‖_2²} of the decomposed factor (a §3.12 diagnostic); 0 for a zero factor. */
    public double stableRank() {
        double sumSq = 0;
        double max = 0;
        for (double v : values) {
            sumSq += v * v;
            max = Math.max(max, Math.abs(v));
        }
        return max == 0 ? 0 : sumSq / (max * max);
    }
}
