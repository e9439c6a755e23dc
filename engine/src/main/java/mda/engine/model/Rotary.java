package mda.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Partial rotary position embedding with HF GPT-NeoX's half-split convention (algorithm doc §1.2 step 3):
 * {@code u' = u ⊙ cos_p + [−u2, u1] ⊙ sin_p} on the first r dims, the rest unchanged.
 */
public final class Rotary {
    private Rotary() {
    }

    /**
     * The cos and sin tables, each [positions, r], with {@code φ_{p,i} = p·base^(−2i/r)} computed in double
     * (more exact than HF's fp32 angles; the two agree to ~1e-6 rad below position 32).
     *
     * @param manager owner of the two tables
     * @return {cos, sin}
     */
    public static NDArray[] tables(NDManager manager, int positions, int r, double base, DataType dtype) {
        if (r <= 0 || r % 2 != 0) {
            throw new IllegalArgumentException("rotary dims must be positive and even, got " + r);
        }
        int half = r / 2;
        double[] cos = new double[positions * r];
        double[] sin = new double[positions * r];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                double phi = p * Math.pow(base, -2.0 * i / r);
                double c = Math.cos(phi);
                double s = Math.sin(phi);
                cos[p * r + i] = c;
                cos[p * r + half + i] = c;
                sin[p * r + i] = s;
                sin[p * r + half + i] = s;
            }
        }
        Shape shape = new Shape(positions, r);
        return new NDArray[] {create(manager, cos, shape, dtype), create(manager, sin, shape, dtype)};
    }

    static NDArray create(NDManager manager, double[] values, Shape shape, DataType dtype) {
        if (dtype == DataType.FLOAT64) {
            return manager.create(values, shape);
        }
        if (dtype != DataType.FLOAT32) {
            throw new IllegalArgumentException("model dtype must be FLOAT32 or FLOAT64, got " + dtype);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return manager.create(f, shape);
    }

    /**
     * Rotates the first r dims of the last axis of {@code u} ([..., T, dh]) by position along axis −2.
     * The result belongs to {@code u}'s manager.
     *
     * @param cos table [T, r] from {@link #tables}, already cut to T rows
     * @param sin table [T, r]
     */
    public static NDArray apply(NDArray u, NDArray cos, NDArray sin) {
        long r = cos.getShape().get(1);
        long dh = u.getShape().get(u.getShape().dimension() - 1);
        long half = r / 2;
        NDArray ur = r == dh ? u : u.get(new NDIndex("..., :" + r));
        NDArray rot = NDArrays.concat(new NDList(ur.get(new NDIndex("..., " + half + ":")).neg(),
                ur.get(new NDIndex("..., :" + half))), -1);
        NDArray out = ur.mul(cos).add(rot.mul(sin));
        return r == dh ? out : NDArrays.concat(new NDList(out, u.get(new NDIndex("..., " + r + ":"))), -1);
    }
}
