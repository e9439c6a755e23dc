package mda.engine.attribution;

import mda.engine.util.SplitMix64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/** Brute-force helpers for the attribution oracles: random matrices, vec, Kronecker Fisher, dense solves. */
final class TestMath {
    private TestMath() {
    }

    static DMatrixRMaj gaussian(SplitMix64 rng, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            m.data[i] = rng.nextGaussian();
        }
        return m;
    }

    /** Q of the QR decomposition of a random square matrix. */
    static DMatrixRMaj orthonormal(SplitMix64 rng, int n) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
        if (!qr.decompose(gaussian(rng, n, n))) {
            throw new IllegalStateException("QR failed");
        }
        return qr.getQ(null, false);
    }

    /** Column-major vec (stacks columns), matching F̂ = (Q_A⊗Q_S) diag(vec Λ) (Q_A⊗Q_S)ᵀ of §3.7. */
    static double[] vec(DMatrixRMaj m) {
        double[] v = new double[m.numRows * m.numCols];
        for (int j = 0; j < m.numCols; j++) {
            for (int i = 0; i < m.numRows; i++) {
                v[j * m.numRows + i] = m.get(i, j);
            }
        }
        return v;
    }

    static DMatrixRMaj unvec(double[] v, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                m.set(i, j, v[j * rows + i]);
            }
        }
        return m;
    }

    /** F += w · vec(G) vec(G)ᵀ. */
    static void addOuter(DMatrixRMaj f, DMatrixRMaj g, double w) {
        double[] v = vec(g);
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                f.add(i, j, w * v[i] * v[j]);
            }
        }
    }

    /** solve(F + λI, vec V), reshaped to V's shape. */
    static DMatrixRMaj dampedSolve(DMatrixRMaj f, double lambda, DMatrixRMaj v) {
        DMatrixRMaj m = f.copy();
        for (int i = 0; i < m.numRows; i++) {
            m.add(i, i, lambda);
        }
        DMatrixRMaj x = new DMatrixRMaj(m.numRows, 1);
        if (!CommonOps_DDRM.solve(m, new DMatrixRMaj(m.numRows, 1, true, vec(v)), x)) {
            throw new IllegalStateException("solve failed");
        }
        return unvec(x.data, v.numRows, v.numCols);
    }

    /** F̂ = (Q_A⊗Q_S) diag(vec Λ) (Q_A⊗Q_S)ᵀ in column-major vec. */
    static DMatrixRMaj ekfacFisher(BlockFactors f) {
        DMatrixRMaj k = new DMatrixRMaj(f.dOut() * f.dIn(), f.dOut() * f.dIn());
        CommonOps_DDRM.kron(f.inputBasis().vectors(), f.outputBasis().vectors(), k);
        DMatrixRMaj d = CommonOps_DDRM.diag(vec(f.lambda()));
        DMatrixRMaj tmp = new DMatrixRMaj(k.numRows, k.numCols);
        CommonOps_DDRM.mult(k, d, tmp);
        DMatrixRMaj out = new DMatrixRMaj(k.numRows, k.numCols);
        CommonOps_DDRM.multTransB(tmp, k, out);
        return out;
    }

    /** ⟨X,Y⟩ = Σ_ij X_ij Y_ij. */
    static double inner(DMatrixRMaj x, DMatrixRMaj y) {
        double s = 0;
        for (int i = 0; i < x.numRows * x.numCols; i++) {
            s += x.data[i] * y.data[i];
        }
        return s;
    }

    static double maxAbsDiff(DMatrixRMaj x, DMatrixRMaj y) {
        if (x.numRows != y.numRows || x.numCols != y.numCols) {
            throw new AssertionError("shape " + x.numRows + "x" + x.numCols + " vs " + y.numRows + "x" + y.numCols);
        }
        double m = 0;
        for (int i = 0; i < x.numRows * x.numCols; i++) {
            m = Math.max(m, Math.abs(x.data[i] - y.data[i]));
        }
        return m;
    }

    static double relDiff(DMatrixRMaj x, DMatrixRMaj y) {
        return maxAbsDiff(x, y) / Math.max(1e-300, CommonOps_DDRM.elementMaxAbs(y));
    }

    /** One-token-per-row block data from explicit a and g rows. */
    static BlockData data(Block block, double[][] a, double[][] g) {
        return BlockData.of(block, a, g);
    }

    static BlockData randomData(SplitMix64 rng, Block block, int t, int dIn, int dOut) {
        return new BlockData(block, gaussian(rng, t, dIn), gaussian(rng, t, dOut));
    }
}
