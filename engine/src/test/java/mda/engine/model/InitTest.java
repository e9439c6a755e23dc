package mda.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §1.4 init: small init, Wang init for output projections, zero biases, unit LN gains, seed determinism. */
class InitTest {
    private static final ModelConfig CFG = new ModelConfig(2, 64, 4, 256, 16, 64, 0.25, 10000, 1e-5, "neox");

    private static double std(float[] v) {
        double s = 0;
        double s2 = 0;
        for (float x : v) {
            s += x;
            s2 += (double) x * x;
        }
        double mean = s / v.length;
        return Math.sqrt(s2 / v.length - mean * mean);
    }

    @Test
    void neoxInitHasTheSpecifiedScales() {
        double small = Math.sqrt(2.0 / (5 * 64));
        double wang = 2.0 / (2 * Math.sqrt(64));
        try (NDManager m = NDManager.newBaseManager(); NeoxModel model = NeoxModel.init(CFG, 42, m)) {
            for (String n : List.of(NeoxNames.qkvWeight(0), NeoxNames.mlpInWeight(1), NeoxNames.EMBED_IN,
                    NeoxNames.EMBED_OUT)) {
                double s = std(model.param(n).toFloatArray());
                assertEquals(small, s, 0.04 * small, n);
            }
            for (String n : List.of(NeoxNames.denseWeight(0), NeoxNames.denseWeight(1), NeoxNames.mlpOutWeight(0))) {
                double s = std(model.param(n).toFloatArray());
                assertEquals(wang, s, 0.05 * wang, n);
            }
            for (String n : model.parameterNames()) {
                float[] v = model.param(n).toFloatArray();
                if (n.endsWith(".bias")) {
                    assertTrue(allEqual(v, 0f), n + " must be zero");
                } else if (n.endsWith("layernorm.weight") || n.equals(NeoxNames.FINAL_LN_WEIGHT)) {
                    assertTrue(allEqual(v, 1f), n + " must be one");
                }
            }
            assertEquals(2 * 64 * 64 + 2 * (4 * 64 + 3 * 64 * 64 + 3 * 64 + 64 * 64 + 64 + 2 * 64 * 256 + 256 + 64)
                    + 2 * 64, model.parameterCount());
            assertEquals(DataType.FLOAT32, model.dataType());
        }
    }

    @Test
    void hfInitUsesPointZeroTwoEverywhere() {
        ModelConfig hf = new ModelConfig(2, 64, 4, 0, 16, 64, 0.25, 10000, 1e-5, "hf");
        try (NDManager m = NDManager.newBaseManager(); NeoxModel model = NeoxModel.init(hf, 1, m)) {
            assertEquals(0.02, std(model.param(NeoxNames.qkvWeight(1)).toFloatArray()), 0.02 * 0.04);
            assertEquals(0.02, std(model.param(NeoxNames.denseWeight(1)).toFloatArray()), 0.02 * 0.05);
            assertFalse(model.parameters().containsKey(NeoxNames.mlpInWeight(0)), "no MLP tensors when dFf = 0");
        }
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndOtherSeedsDiffer() {
        try (NDManager m = NDManager.newBaseManager();
             NeoxModel a = NeoxModel.init(CFG, 5, m);
             NeoxModel b = NeoxModel.init(CFG, 5, m);
             NeoxModel c = NeoxModel.init(CFG, 6, m);
             NeoxModel d = NeoxModel.init(CFG, 5, m, DataType.FLOAT64)) {
            assertEquals(a.parameterNames(), b.parameterNames());
            for (String n : a.parameterNames()) {
                float[] va = a.param(n).toFloatArray();
                assertArrayEquals(va, b.param(n).toFloatArray(), n);
                double[] vd = d.param(n).toDoubleArray();
                for (int i = 0; i < va.length; i++) {
                    assertEquals(va[i], (float) vd[i], n + " float64 init casts to the float32 init");
                }
            }
            assertFalse(Arrays.equals(a.param(NeoxNames.EMBED_IN).toFloatArray(),
                    c.param(NeoxNames.EMBED_IN).toFloatArray()));
        }
    }

    @Test
    void fromArraysRejectsNonFiniteWrongShapeAndMissingParameters() {
        ModelConfig small = ForwardOracleTest.MLP;
        try (NDManager m = NDManager.newBaseManager()) {
            java.util.Map<String, double[]> p = TestParams.random(small, 1, 0.1);
            p.get(NeoxNames.denseBias(1))[2] = Double.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TestParams.model(small, p, m, DataType.FLOAT32));
            assertTrue(e.getMessage().contains(NeoxNames.denseBias(1)) && e.getMessage().contains("NaN"),
                    e.getMessage());
            java.util.Map<String, ai.djl.ndarray.NDArray> arrays =
                    TestParams.arrays(small, TestParams.random(small, 1, 0.1), m, DataType.FLOAT32);
            arrays.put(NeoxNames.qkvBias(0), m.zeros(new ai.djl.ndarray.types.Shape(5)));
            e = assertThrows(IllegalArgumentException.class, () -> NeoxModel.fromArrays(small, arrays, m));
            assertTrue(e.getMessage().contains(NeoxNames.qkvBias(0)) && e.getMessage().contains("shape"),
                    e.getMessage());
            arrays.remove(NeoxNames.qkvBias(0));
            e = assertThrows(IllegalArgumentException.class, () -> NeoxModel.fromArrays(small, arrays, m));
            assertTrue(e.getMessage().contains("missing parameter " + NeoxNames.qkvBias(0)), e.getMessage());
        }
    }

    private static boolean allEqual(float[] v, float x) {
        for (float f : v) {
            if (f != x) {
                return false;
            }
        }
        return true;
    }
}
