package mda.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AdamW against a hand-written double implementation of spec §1.5, on a tiny parameter set with HF names and the
 * loss {@code L = Σ c⊙θ + ½ Σ θ²} (gradient {@code c + θ}).
 */
class AdamWTest {
    static final String W = "gpt_neox.layers.0.attention.query_key_value.weight";
    static final String B = "gpt_neox.layers.0.attention.query_key_value.bias";
    static final String LN = "gpt_neox.layers.0.input_layernorm.weight";
    static final String OUT = "embed_out.weight";

    @TempDir
    Path dir;

    private NDManager manager;
    private final Map<String, float[]> init = new LinkedHashMap<>();
    private final Map<String, float[]> coef = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager(Device.cpu());
        add(W, new Shape(2, 3), new float[] {0.5f, -0.3f, 0.8f, 0.1f, -0.7f, 0.2f},
                new float[] {0.4f, 0.9f, -1.1f, 0.3f, 0.6f, -0.2f});
        add(B, new Shape(2), new float[] {0.05f, -0.02f}, new float[] {-0.5f, 0.7f});
        add(LN, new Shape(3), new float[] {1f, 1f, 1f}, new float[] {0.2f, -0.4f, 0.3f});
        add(OUT, new Shape(2, 2), new float[] {-0.25f, 0.6f, 0.15f, -0.45f}, new float[] {1.2f, -0.8f, 0.5f, 0.9f});
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private void add(String name, Shape shape, float[] theta, float[] c) {
        shapes.put(name, shape);
        init.put(name, theta);
        coef.put(name, c);
    }

    private Map<String, NDArray> params(NDManager m, Map<String, float[]> values) {
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (String name : values.keySet()) {
            NDArray a = m.create(values.get(name), shapes.get(name));
            a.setRequiresGradient(true);
            p.put(name, a);
        }
        return p;
    }

    /** Backward of {@code Σ (scale·c)⊙θ + (quad/2) Σ θ²}, everything temporary closed by the scope. */
    private void backward(Map<String, NDArray> p, float scale, float quad) {
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray loss = null;
            for (Map.Entry<String, NDArray> e : p.entrySet()) {
                NDArray c = manager.create(coef.get(e.getKey()), shapes.get(e.getKey())).mul(scale);
                NDArray term = e.getValue().mul(c).sum().add(e.getValue().square().sum().mul(quad / 2));
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** The §1.5 update in double, with the same global-norm clipping rule. */
    private final class Reference {
        final Map<String, double[]> theta = new LinkedHashMap<>();
        final Map<String, double[]> m = new LinkedHashMap<>();
        final Map<String, double[]> v = new LinkedHashMap<>();
        final AdamW.Settings s;
        int k;

        Reference(AdamW.Settings s) {
            this.s = s;
            for (String name : init.keySet()) {
                theta.put(name, toDouble(init.get(name)));
                m.put(name, new double[init.get(name).length]);
                v.put(name, new double[init.get(name).length]);
            }
        }

        double step(double lr) {
            Map<String, double[]> g = new LinkedHashMap<>();
            double sq = 0;
            for (String name : theta.keySet()) {
                double[] t = theta.get(name);
                double[] c = toDouble(coef.get(name));
                double[] gi = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    gi[i] = c[i] + t[i];
                    sq += gi[i] * gi[i];
                }
                g.put(name, gi);
            }
            double norm = Math.sqrt(sq);
            double scale = s.clipNorm() > 0 && norm > s.clipNorm() ? s.clipNorm() / norm : 1;
            k++;
            for (String name : theta.keySet()) {
                double[] t = theta.get(name);
                double[] mi = m.get(name);
                double[] vi = v.get(name);
                double wd = AdamW.decays(name) ? s.weightDecay() : 0;
                for (int i = 0; i < t.length; i++) {
                    double gi = g.get(name)[i] * scale;
                    mi[i] = s.beta1() * mi[i] + (1 - s.beta1()) * gi;
                    vi[i] = s.beta2() * vi[i] + (1 - s.beta2()) * gi * gi;
                    double mh = mi[i] / (1 - Math.pow(s.beta1(), k));
                    double vh = vi[i] / (1 - Math.pow(s.beta2(), k));
                    t[i] -= lr * (mh / (Math.sqrt(vh) + s.eps()) + wd * t[i]);
                }
            }
            return norm;
        }
    }

    private static void assertClose(double[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    /** clip 1.0 is active at every step (norm ≈ 3), 100 never, 0 turns clipping off. */
    @ParameterizedTest
    @CsvSource({"1, 1.0", "3, 1.0", "3, 100", "3, 0"})
    void matchesDoubleReference(int steps, double clip) {
        AdamW.Settings s = new AdamW.Settings(0.9, 0.95, 1e-8, 0.1, clip);
        Reference ref = new Reference(s);
        Map<String, NDArray> p = params(manager, init);
        try (AdamW opt = new AdamW(p, s)) {
            double[] lrs = {0.01, 0.02, 0.015};
            for (int k = 0; k < steps; k++) {
                opt.zeroGradients();
                backward(p, 1f, 1f);
                double expectedNorm = ref.step(lrs[k]);
                assertEquals(expectedNorm, opt.step(lrs[k]), 1e-5 * expectedNorm);
            }
            assertEquals(steps, opt.stepCount());
            AdamState st = opt.exportState();
            for (String name : init.keySet()) {
                assertClose(ref.theta.get(name), p.get(name).toFloatArray(), 1e-6, name);
                assertClose(ref.m.get(name), st.moments().get(name).m(), 1e-6, "m " + name);
                assertClose(ref.v.get(name), st.moments().get(name).v(), 1e-6, "v " + name);
            }
        }
    }

    @Test
    void decayFollowsHfNames() {
        assertTrue(AdamW.decays("gpt_neox.embed_in.weight"));
        assertTrue(AdamW.decays("gpt_neox.layers.3.mlp.dense_h_to_4h.weight"));
        assertTrue(AdamW.decays(OUT));
        assertFalse(AdamW.decays(B));
        assertFalse(AdamW.decays(LN));
        assertFalse(AdamW.decays("gpt_neox.layers.0.post_attention_layernorm.bias"));
        assertFalse(AdamW.decays("gpt_neox.final_layer_norm.weight"));
    }

    /** With a zero gradient the update is pure decay: weights shrink by lr·wd·θ, bias and LayerNorm stay put. */
    @Test
    void zeroGradientStepOnlyDecaysWeights() {
        Map<String, NDArray> p = params(manager, init);
        try (AdamW opt = new AdamW(p, new AdamW.Settings(0.9, 0.95, 1e-8, 0.1, 1.0))) {
            backward(p, 0f, 0f);
            assertEquals(0.0, opt.step(0.1));
            for (String name : init.keySet()) {
                float[] after = p.get(name).toFloatArray();
                double factor = AdamW.decays(name) ? 1 - 0.1 * 0.1 : 1;
                for (int i = 0; i < after.length; i++) {
                    assertEquals(init.get(name)[i] * factor, after[i], 1e-7, name);
                }
            }
            assertArrayEquals(init.get(B), p.get(B).toFloatArray());
            assertArrayEquals(init.get(LN), p.get(LN).toFloatArray());
        }
    }

    /** A gradient of norm 5·|c| is clipped to norm 1: the first moment is (1−β1)·g/|g|. */
    @Test
    void clippingScalesTheGradientToNormOne() {
        Map<String, NDArray> p = params(manager, init);
        double cNorm = 0;
        for (float[] c : coef.values()) {
            for (float x : c) {
                cNorm += x * x;
            }
        }
        cNorm = Math.sqrt(cNorm);
        try (AdamW opt = new AdamW(p, AdamW.Settings.pythia())) {
            backward(p, 5f, 0f);
            assertEquals(5 * cNorm, opt.gradientNorm(), 1e-5);
            assertEquals(5 * cNorm, opt.step(0.001), 1e-5);
            double mNorm = 0;
            for (String name : init.keySet()) {
                float[] m = opt.exportState().moments().get(name).m();
                for (int i = 0; i < m.length; i++) {
                    assertEquals(0.1 * coef.get(name)[i] / cNorm, m[i], 1e-7, name);
                    mNorm += m[i] * m[i];
                }
            }
            assertEquals(1.0, Math.sqrt(mNorm) / 0.1, 1e-6);
        }
    }

    @Test
    void nonFiniteGradientLeavesEverythingUnchangedAndCanBeZeroed() {
        Map<String, NDArray> p = params(manager, init);
        try (AdamW opt = new AdamW(p, AdamW.Settings.pythia())) {
            backward(p, Float.NaN, 0f);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.step(0.01));
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
            assertEquals(0, opt.stepCount());
            assertArrayEquals(init.get(W), p.get(W).toFloatArray());
            opt.zeroGradients();
            assertEquals(0.0, opt.gradientNorm());
            backward(p, 1f, 1f);
            assertTrue(Double.isFinite(opt.step(0.01)));
        }
    }

    /** Save after 3 steps, load into a fresh optimizer over a copy of the parameters: 2 more steps agree bit for bit. */
    @Test
    void saveLoadThenContinueEqualsNeverStopping() {
        AdamW.Settings s = AdamW.Settings.pythia();
        Map<String, NDArray> a = params(manager, init);
        Path file = dir.resolve("adam.state");
        Map<String, float[]> snapshot = new LinkedHashMap<>();
        try (AdamW opt = new AdamW(a, s)) {
            for (int k = 0; k < 5; k++) {
                if (k == 3) {
                    opt.save(file);
                    a.forEach((name, arr) -> snapshot.put(name, arr.toFloatArray()));
                }
                opt.zeroGradients();
                backward(a, 1f, 1f);
                opt.step(0.01 * (k + 1));
            }
        }
        try (NDManager other = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> b = params(other, snapshot);
            try (AdamW opt = new AdamW(b, s)) {
                opt.load(file);
                assertEquals(3, opt.stepCount());
                for (int k = 3; k < 5; k++) {
                    opt.zeroGradients();
                    backward(b, 1f, 1f);
                    opt.step(0.01 * (k + 1));
                }
                assertEquals(5, opt.stepCount());
            }
            for (String name : init.keySet()) {
                assertArrayEquals(a.get(name).toFloatArray(), b.get(name).toFloatArray(), name);
            }
        }
    }

    /** Over 100 steps the parameter and state managers hold the same number of arrays as after the first. */
    @Test
    void arrayCountStaysFlatOver100Steps() {
        Map<String, NDArray> p = params(manager, init);
        try (AdamW opt = new AdamW(p, AdamW.Settings.pythia())) {
            int paramArrays = -1;
            int stateArrays = -1;
            for (int k = 0; k < 100; k++) {
                opt.zeroGradients();
                backward(p, 1f, 1f);
                opt.step(0.001);
                if (k == 0) {
                    paramArrays = manager.getManagedArrays().size();
                    stateArrays = opt.stateManager().getManagedArrays().size();
                }
            }
            assertEquals(8, stateArrays);
            assertEquals(paramArrays, manager.getManagedArrays().size());
            assertEquals(stateArrays, opt.stateManager().getManagedArrays().size());
        }
    }

    @Test
    void loadRejectsMismatchedOrCorruptStateNamingTheFile() throws Exception {
        Map<String, NDArray> p = params(manager, init);
        Path file = dir.resolve("adam.state");
        try (AdamW opt = new AdamW(p, AdamW.Settings.pythia())) {
            opt.save(file);
        }
        Map<String, float[]> fewer = new LinkedHashMap<>(init);
        fewer.remove(LN);
        try (AdamW opt = new AdamW(params(manager, fewer), AdamW.Settings.pythia())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.load(file));
            assertTrue(e.getMessage().contains(LN) && e.getMessage().startsWith(file.toString()), e.getMessage());
        }
        try (AdamW opt = new AdamW(params(manager, init), new AdamW.Settings(0.9, 0.99, 1e-8, 0.1, 1.0))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.load(file));
            assertTrue(e.getMessage().contains("beta2=0.95"), e.getMessage());
        }
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.state");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 30));
        TrainFileException t = assertThrows(TrainFileException.class, () -> AdamW.readState(cut));
        assertEquals(TrainFileException.Reason.TRUNCATED, t.reason());
        assertTrue(t.getMessage().contains("embed_out.weight"), t.getMessage());
        byte[] flipped = bytes.clone();
        flipped[100] ^= 0x10;
        Path bad = dir.resolve("bad.state");
        Files.write(bad, flipped);
        assertEquals(TrainFileException.Reason.CHECKSUM,
                assertThrows(TrainFileException.class, () -> AdamW.readState(bad)).reason());
        Path order = dir.resolve("order.bin");
        DataOrder.build(10, 2, 2, 1).write(order);
        assertEquals(TrainFileException.Reason.WRONG_MAGIC,
                assertThrows(TrainFileException.class, () -> AdamW.readState(order)).reason());
    }
}
