package mda.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DJL forward against the independent double-precision loop implementation of §1.2. */
class ForwardOracleTest {
    static final ModelConfig MLP = new ModelConfig(2, 8, 2, 16, 5, 11, 0.5, 10000, 1e-5, "neox");
    static final ModelConfig ATTN_FULL_ROTARY = new ModelConfig(2, 8, 2, 0, 5, 11, 1.0, 10000, 1e-5, "neox");
    static final ModelConfig NO_ROTARY = new ModelConfig(1, 8, 2, 12, 5, 11, 0.0, 10000, 1e-5, "hf");
    static final ModelConfig ROTARY_LAYER0_ONLY = new ModelConfig(3, 8, 2, 16, 5, 11, 1.0, 10000, 1e-5, "hf", 1);
    static final int[][] IDS = {{3, 7, 0, 10, 3}, {1, 1, 9, 4, 2}};

    private static void check(ModelConfig cfg, DataType dt, double tol) {
        Map<String, double[]> p = TestParams.random(cfg, 11, 0.5);
        double[] want = Arrays.stream(ReferenceNeox.forward(cfg, p, IDS)).flatMap(Arrays::stream)
                .flatMapToDouble(Arrays::stream).toArray();
        try (NDManager m = NDManager.newBaseManager(); NeoxModel model = TestParams.model(cfg, p, m, dt)) {
            NDArray logits = model.forward(m.create(IDS), null);
            assertEquals(new ai.djl.ndarray.types.Shape(2, 5, 11), logits.getShape());
            assertEquals(dt, logits.getDataType());
            double err = TestParams.maxAbsDiff(want, TestParams.toDoubles(logits));
            assertTrue(err < tol, cfg + " " + dt + " max logit error " + err);
        }
    }

    @Test
    void mlpModelWithPartialRotaryMatchesReference() {
        check(MLP, DataType.FLOAT32, 1e-4);
        check(MLP, DataType.FLOAT64, 1e-10);
    }

    @Test
    void attentionOnlyModelWithFullRotaryMatchesReference() {
        check(ATTN_FULL_ROTARY, DataType.FLOAT32, 1e-4);
        check(ATTN_FULL_ROTARY, DataType.FLOAT64, 1e-10);
    }

    @Test
    void rotaryInTheFirstLayerOnlyMatchesReference() {
        check(ROTARY_LAYER0_ONLY, DataType.FLOAT32, 1e-4);
        check(ROTARY_LAYER0_ONLY, DataType.FLOAT64, 1e-10);
    }

    @Test
    void rotaryLayersChangeTheLogitsOnlyWhereRotaryIsDropped() {
        // guards the reference itself: dropping rotary from layers 1-2 must change the output
        Map<String, double[]> p = TestParams.random(ROTARY_LAYER0_ONLY, 11, 0.5);
        double[][][] part = ReferenceNeox.forward(ROTARY_LAYER0_ONLY, p, IDS);
        double[][][] all = ReferenceNeox.forward(ROTARY_LAYER0_ONLY.withRotaryLayers(null), p, IDS);
        assertTrue(Math.abs(part[0][4][3] - all[0][4][3]) > 1e-6);
        assertEquals(part[0][0][3], all[0][0][3], 1e-12); // position 0: rotary is the identity there
    }

    @Test
    void modelWithoutRotaryMatchesReference() {
        check(NO_ROTARY, DataType.FLOAT64, 1e-10);
    }

    @Test
    void geluIsTheExactErfForm() {
        double[] xs = {-3, -1, -0.5, 0.3, 1, 1.5, 2, 4};
        assertEquals(0.8427007929497149, ReferenceNeox.erf(1), 1e-15);
        assertEquals(0.9953222650189527, ReferenceNeox.erf(2), 1e-15);
        assertEquals(0.9999779095030014, ReferenceNeox.erf(3), 1e-15);
        assertEquals(-0.5204998778130465, ReferenceNeox.erf(-0.5), 1e-15);
        try (NDManager m = NDManager.newBaseManager()) {
            double[] got = NeoxModel.gelu(m.create(xs)).toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                double exact = 0.5 * xs[i] * (1 + ReferenceNeox.erf(xs[i] / Math.sqrt(2)));
                // The tanh approximation is off by ~1e-4 around |x| = 2; the erf form must agree to rounding.
                assertEquals(exact, got[i], 1e-12, "gelu(" + xs[i] + ")");
            }
        }
    }

    @Test
    void recordedPatternsHeadOutputsAndFinalScaleMatchReference() {
        Map<String, double[]> p = TestParams.random(MLP, 12, 0.5);
        ReferenceNeox.Trace[] tr = new ReferenceNeox.Trace[IDS.length];
        ReferenceNeox.forward(MLP, p, IDS, tr);
        try (NDManager m = NDManager.newBaseManager();
             NeoxModel model = TestParams.model(MLP, p, m, DataType.FLOAT64)) {
            Taps taps = new Taps().recordAttention(true).recordHeadOutputs(true).recordFinalLnScale(true);
            model.forward(m.create(IDS), taps);
            for (int l = 0; l < MLP.layers(); l++) {
                int layer = l;
                double[] wantZ = Arrays.stream(tr).flatMap(t -> Arrays.stream(t.z.get(layer)))
                        .flatMapToDouble(Arrays::stream).toArray();
                assertTrue(TestParams.maxAbsDiff(wantZ, taps.headOutputs(l).toDoubleArray()) < 1e-10, "Z " + l);
                double[] wantA = Arrays.stream(tr).flatMap(t -> Arrays.stream(t.patterns.get(layer)))
                        .flatMap(Arrays::stream).flatMapToDouble(Arrays::stream).toArray();
                assertTrue(TestParams.maxAbsDiff(wantA, taps.attention(l).toDoubleArray()) < 1e-10, "pattern " + l);
            }
            double[] scale = taps.finalLnScale().toDoubleArray();
            assertEquals(new ai.djl.ndarray.types.Shape(2, 5), taps.finalLnScale().getShape());
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 5; t++) {
                    double[] x = tr[b].finalInput[t];
                    double mean = Arrays.stream(x).average().orElseThrow();
                    double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
                    assertEquals(1 / Math.sqrt(var + MLP.lnEps()), scale[b * 5 + t], 1e-9);
                }
            }
            assertThrows(IllegalStateException.class, taps::qkvTap, "no gradient tap was requested");
        }
    }

    @Test
    void singleTokenAttendsToItselfWithWeightOne() {
        try (NDManager m = NDManager.newBaseManager();
             NeoxModel model = TestParams.model(MLP, TestParams.random(MLP, 3, 0.5), m, DataType.FLOAT32)) {
            Taps taps = new Taps().recordAttention(true).recordHeadOutputs(true);
            model.forward(m.create(new int[][] {{4}, {9}}), taps);
            for (int l = 0; l < MLP.layers(); l++) {
                NDArray a = taps.attention(l);
                assertEquals(new ai.djl.ndarray.types.Shape(2, 2, 1, 1), a.getShape());
                for (float w : a.toFloatArray()) {
                    assertEquals(1f, w, 0f);
                }
            }
        }
    }

    @Test
    void attentionRowsAreCausalDistributions() {
        try (NDManager m = NDManager.newBaseManager();
             NeoxModel model = TestParams.model(MLP, TestParams.random(MLP, 4, 0.5), m, DataType.FLOAT64)) {
            Taps taps = new Taps().recordAttention(true);
            model.forward(m.create(IDS), taps);
            double[] a = taps.attention(1).toDoubleArray(); // [2,2,5,5]
            for (int row = 0; row < 2 * 2 * 5; row++) {
                int i = row % 5;
                double sum = 0;
                for (int j = 0; j < 5; j++) {
                    double w = a[row * 5 + j];
                    sum += w;
                    if (j > i) {
                        assertEquals(0.0, w, 0.0, "future key " + j + " for query " + i);
                    }
                }
                assertEquals(1.0, sum, 1e-12);
            }
        }
    }

    @Test
    void badInputsAreRejectedWithClearMessages() {
        try (NDManager m = NDManager.newBaseManager(); NeoxModel model = NeoxModel.init(MLP, 1, m)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(m.create(new int[] {1, 2}), null));
            assertTrue(e.getMessage().contains("[B,T]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(m.create(new int[][] {{1, 2, 3, 4, 5, 6}}), null));
            assertTrue(e.getMessage().contains("ctx=5"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(m.create(new int[][] {{1, 11}}), null));
            assertTrue(e.getMessage().contains("[0, 11)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(m.create(IDS), new Taps().gradientTapLayer(2)));
            assertTrue(e.getMessage().contains("tap layer 2"), e.getMessage());
        }
    }
}
