package mda.engine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import mda.engine.util.SplitMix64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class CopyingScoreTest {
    private static final int D = 6;
    private static final int DH = 3;

    private static double[][] random(int rows, int cols, SplitMix64 rng) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = rng.nextGaussian();
            }
        }
        return m;
    }

    /** wO such that wV·eTu·wO = target, via the right pseudo-inverse of B = wV·eTu (full row rank). */
    private static double[][] wOFor(double[][] wV, double[][] eTu, double[][] target) {
        DMatrixRMaj b = new DMatrixRMaj(DH, D);
        CommonOps_DDRM.mult(new DMatrixRMaj(wV), new DMatrixRMaj(eTu), b);
        DMatrixRMaj bbt = new DMatrixRMaj(DH, DH);
        CommonOps_DDRM.multTransB(b, b, bbt);
        CommonOps_DDRM.invert(bbt);
        DMatrixRMaj pinv = new DMatrixRMaj(D, DH);
        CommonOps_DDRM.multTransA(b, bbt, pinv);
        DMatrixRMaj wO = new DMatrixRMaj(D, DH);
        CommonOps_DDRM.mult(pinv, new DMatrixRMaj(target), wO);
        double[][] out = new double[D][DH];
        for (int r = 0; r < D; r++) {
            for (int c = 0; c < DH; c++) {
                out[r][c] = wO.get(r, c);
            }
        }
        return out;
    }

    private static double scoreFor(double[][] target, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        double[][] wV = random(DH, D, rng);
        double[][] eTu = random(D, D, rng);
        return CopyingScore.ovEigen(wV, wOFor(wV, eTu, target), eTu);
    }

    /** Q·diag(l)·Q⁻¹ for a random Q: non-symmetric with eigenvalues l. */
    private static double[][] similar(double[] l, long seed) {
        DMatrixRMaj q = new DMatrixRMaj(random(DH, DH, new SplitMix64(seed)));
        DMatrixRMaj qi = q.copy();
        CommonOps_DDRM.invert(qi);
        DMatrixRMaj tmp = new DMatrixRMaj(DH, DH);
        CommonOps_DDRM.mult(q, CommonOps_DDRM.diag(l), tmp);
        DMatrixRMaj n = new DMatrixRMaj(DH, DH);
        CommonOps_DDRM.mult(tmp, qi, n);
        double[][] out = new double[DH][DH];
        for (int r = 0; r < DH; r++) {
            for (int c = 0; c < DH; c++) {
                out[r][c] = n.get(r, c);
            }
        }
        return out;
    }

    /** Rotation by angle a in the first two coordinates, zero on the third. */
    private static double[][] rotation(double a) {
        return new double[][] {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 0}};
    }

    @Test
    void positiveMapsScoreOne() {
        assertEquals(1.0, scoreFor(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, 1), 1e-9);
        assertEquals(1.0, scoreFor(similar(new double[] {0.5, 2, 7}, 9), 2), 1e-9);
    }

    @Test
    void negatedMapsScoreMinusOne() {
        assertEquals(-1.0, scoreFor(new double[][] {{-1, 0, 0}, {0, -1, 0}, {0, 0, -1}}, 3), 1e-9);
        assertEquals(-1.0, scoreFor(similar(new double[] {-0.5, -2, -7}, 9), 4), 1e-9);
    }

    @Test
    void rotationsScoreTheCosineOfTheirAngle() {
        assertEquals(0.0, scoreFor(rotation(Math.PI / 2), 5), 1e-9);
        assertEquals(0.5, scoreFor(rotation(Math.PI / 3), 6), 1e-9);
    }

    @Test
    void mixedSignEigenvaluesGiveTheWeightedBalance() {
        // (3 + 1 − 2) / (3 + 1 + 2)
        assertEquals(2.0 / 6, scoreFor(similar(new double[] {3, 1, -2}, 11), 7), 1e-9);
    }

    @Test
    void ovEigenRejectsBadShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> CopyingScore.ovEigen(new double[3][6], new double[6][2], new double[6][6]));
        assertThrows(IllegalArgumentException.class,
                () -> CopyingScore.ovEigen(new double[3][6], new double[6][3], new double[5][6]));
    }

    @Test
    void empiricalCountsTargetsInTheTopK() {
        // Vocabulary 10; targets rank 0, 4, 5 and 9 (number of strictly larger logits).
        float[][] logits = new float[4][10];
        int[] ranks = {0, 4, 5, 9};
        int[] targets = {3, 7, 0, 9};
        for (int p = 0; p < 4; p++) {
            for (int v = 0; v < 10; v++) {
                logits[p][v] = v == targets[p] ? 0 : -100 + v; // all others far below
            }
            for (int k = 0, v = 0; k < ranks[p]; v++) {
                if (v != targets[p]) {
                    logits[p][v] = 1 + k; // exactly ranks[p] logits above the target
                    k++;
                }
            }
        }
        assertEquals(0.5, CopyingScore.empirical(logits, targets, 5), 0);
        assertEquals(0.25, CopyingScore.empirical(logits, targets, 1), 0);
        assertEquals(1.0, CopyingScore.empirical(logits, targets, 10), 0);
        assertThrows(IllegalArgumentException.class, () -> CopyingScore.empirical(logits, new int[] {1, 2, 3}, 5));
        assertThrows(IllegalArgumentException.class,
                () -> CopyingScore.empirical(logits, new int[] {1, 2, 3, 10}, 5));
    }
}
