package mda.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Random parameter sets with nonzero biases and non-trivial LayerNorms, so that layout bugs show up. */
final class TestParams {
    private TestParams() {
    }

    static Map<String, double[]> random(ModelConfig cfg, long seed, double scale) {
        Random rng = new Random(seed);
        Map<String, double[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : NeoxNames.shapes(cfg).entrySet()) {
            double[] v = new double[(int) e.getValue().size()];
            boolean lnGamma = e.getKey().endsWith("layernorm.weight") || e.getKey().equals(NeoxNames.FINAL_LN_WEIGHT);
            for (int i = 0; i < v.length; i++) {
                v[i] = (lnGamma ? 1 : 0) + scale * rng.nextGaussian();
            }
            m.put(e.getKey(), v);
        }
        return m;
    }

    static Map<String, NDArray> arrays(ModelConfig cfg, Map<String, double[]> values, NDManager m, DataType dt) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : NeoxNames.shapes(cfg).entrySet()) {
            out.put(e.getKey(), Rotary.create(m, values.get(e.getKey()), e.getValue(), dt));
        }
        return out;
    }

    static NeoxModel model(ModelConfig cfg, Map<String, double[]> values, NDManager parent, DataType dt) {
        return NeoxModel.fromArrays(cfg, arrays(cfg, values, parent, dt), parent);
    }

    static double[] toDoubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    static double maxAbsDiff(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new AssertionError("length " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
