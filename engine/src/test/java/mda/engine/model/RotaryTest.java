package mda.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** O11: rotary preserves norms, is the identity at position 0 and depends only on relative position. */
class RotaryTest {
    private static final int DH = 8;
    private static final int POSITIONS = 2054;

    /** rope(u, p) for every p in [0, POSITIONS): row p of the result, in fp32. */
    private static float[] ropeAllPositions(NDManager m, float[] u, int r) {
        float[] rows = new float[POSITIONS * DH];
        for (int p = 0; p < POSITIONS; p++) {
            System.arraycopy(u, 0, rows, p * DH, DH);
        }
        NDArray[] t = Rotary.tables(m, POSITIONS, r, 10000, DataType.FLOAT32);
        return Rotary.apply(m.create(rows, new Shape(POSITIONS, DH)), t[0], t[1]).toFloatArray();
    }

    private static float[] randomVector(Random rng) {
        float[] v = new float[DH];
        for (int i = 0; i < DH; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    private static double dot(float[] a, int pa, float[] b, int pb) {
        double s = 0;
        for (int i = 0; i < DH; i++) {
            s += (double) a[pa * DH + i] * b[pb * DH + i];
        }
        return s;
    }

    @Test
    void normIdentityAndRelativeInvarianceHold() {
        Random rng = new Random(7);
        float[] q = randomVector(rng);
        float[] k = randomVector(rng);
        double nq = Math.sqrt(dot(q, 0, q, 0));
        double nk = Math.sqrt(dot(k, 0, k, 0));
        try (NDManager m = NDManager.newBaseManager()) {
            float[] rq = ropeAllPositions(m, q, 2);
            float[] rk = ropeAllPositions(m, k, 2);
            for (int i = 0; i < DH; i++) {
                assertEquals(q[i], rq[i], 0f, "position 0 must be the identity");
            }
            double worst = 0;
            for (int p = 0; p < POSITIONS; p += 7) {
                assertEquals(nq, Math.sqrt(dot(rq, p, rq, p)), 1e-6 * nq, "norm at position " + p);
            }
            int[] ps = {0, 1, 2, 17, 100, 511, 1000, 2047, 2048};
            for (int p : ps) {
                for (int p2 : ps) {
                    double diff = Math.abs(dot(rq, p, rk, p2) - dot(rq, p + 5, rk, p2 + 5));
                    worst = Math.max(worst, diff / (nq * nk));
                }
            }
            assertTrue(worst < 1e-5, "relative invariance error " + worst);
        }
    }

    @Test
    void halfSplitConventionMatchesReferenceAndLeavesTailDims() {
        Random rng = new Random(9);
        float[] u = randomVector(rng);
        double[] ud = new double[DH];
        for (int i = 0; i < DH; i++) {
            ud[i] = u[i];
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = ropeAllPositions(m, u, 4);
            for (int p : new int[] {1, 3, 40, 2000}) {
                double[] want = ReferenceNeox.rope(ud, p, 4, 10000);
                for (int i = 0; i < DH; i++) {
                    assertEquals(want[i], got[p * DH + i], 1e-6, "dim " + i + " at position " + p);
                }
                for (int i = 4; i < DH; i++) {
                    assertEquals(u[i], got[p * DH + i], 0f, "dims beyond r pass through");
                }
            }
            // Hand check at p = 1, r = 2: (u0, u1) rotates by 1 radian.
            float[] r2 = ropeAllPositions(m, u, 2);
            assertEquals(u[0] * Math.cos(1) - u[1] * Math.sin(1), r2[DH], 1e-6);
            assertEquals(u[1] * Math.cos(1) + u[0] * Math.sin(1), r2[DH + 1], 1e-6);
        }
    }
}
