package mda.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Autograd through the DJL forward against float64 central differences, and the gradient-tap identity
 * G = Σ_t g_t a_tᵀ = dL/dW (algorithm doc §3.3, §7 O4).
 */
class GradientTest {
    private static final ModelConfig CFG = ForwardOracleTest.MLP;
    private static final int[][] IDS = ForwardOracleTest.IDS;
    private static final int[][] TARGETS = {{7, 0, 10, 3, 5}, {1, 9, 4, 2, 8}};

    private static double loss(Map<String, double[]> p) {
        try (NDManager m = NDManager.newBaseManager();
             NeoxModel model = TestParams.model(CFG, p, m, DataType.FLOAT64)) {
            return NeoxModel.meanLoss(model.forward(m.create(IDS), null), m.create(TARGETS)).getDouble();
        }
    }

    private static double finiteDifference(Map<String, double[]> p, String name, int index, double eps) {
        double[] v = p.get(name);
        double keep = v[index];
        v[index] = keep + eps;
        double up = loss(p);
        v[index] = keep - eps;
        double down = loss(p);
        v[index] = keep;
        return (up - down) / (2 * eps);
    }

    @Test
    void parameterGradientsMatchFiniteDifferences() {
        Map<String, double[]> p = TestParams.random(CFG, 21, 0.5);
        String[] names = {NeoxNames.qkvWeight(0), NeoxNames.qkvBias(1), NeoxNames.denseWeight(1), NeoxNames.EMBED_IN,
            NeoxNames.ln1Weight(0), NeoxNames.ln2Bias(1), NeoxNames.mlpInWeight(0), NeoxNames.FINAL_LN_BIAS,
            NeoxNames.EMBED_OUT};
        int[] idx = {5, 20, 9, 3 * 8 + 2, 4, 6, 33, 1, 40};
        try (NDManager m = NDManager.newBaseManager();
             NeoxModel model = TestParams.model(CFG, p, m, DataType.FLOAT64)) {
            model.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(NeoxModel.meanLoss(model.forward(m.create(IDS), null), m.create(TARGETS)));
            }
            for (int i = 0; i < names.length; i++) {
                double auto = TestParams.toDoubles(model.param(names[i]).getGradient())[idx[i]];
                double fd = finiteDifference(p, names[i], idx[i], 1e-5);
                assertEquals(fd, auto, 1e-8 + 1e-6 * Math.abs(fd), names[i] + "[" + idx[i] + "]");
            }
        }
    }

    /** Σ over batch and positions of g_t a_tᵀ: [B,T,out] × [B,T,in] -> [out, in]. */
    private static double[] outerSum(NDArray g, NDArray a) {
        long out = g.getShape().get(2);
        long in = a.getShape().get(2);
        return TestParams.toDoubles(g.reshape(-1, out).transpose().matMul(a.reshape(-1, in)));
    }

    @Test
    void tapGradientsGiveTheWeightGradients() {
        Map<String, double[]> p = TestParams.random(CFG, 22, 0.5);
        int layer = 1;
        try (NDManager m = NDManager.newBaseManager();
             NeoxModel model = TestParams.model(CFG, p, m, DataType.FLOAT64)) {
            // Reference: ordinary weight gradients of the summed loss.
            model.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(NeoxModel.sumLoss(model.forward(m.create(IDS), null), m.create(TARGETS)));
            }
            double[] wantQkv = TestParams.toDoubles(model.param(NeoxNames.qkvWeight(layer)).getGradient());
            double[] wantDense = TestParams.toDoubles(model.param(NeoxNames.denseWeight(layer)).getGradient());
            model.setRequiresGradient(false);

            // Taps only: parameters frozen, gradients reach the zero tensors.
            Taps taps = new Taps().gradientTapLayer(layer);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(NeoxModel.sumLoss(model.forward(m.create(IDS), taps), m.create(TARGETS)));
            }
            assertEquals(new ai.djl.ndarray.types.Shape(2, 5, 24), taps.qkvOutputGrad().getShape());
            double[] gQkv = outerSum(taps.qkvOutputGrad(), taps.qkvInput());
            double[] gDense = outerSum(taps.denseOutputGrad(), taps.denseInput());
            double scale = TestParams.maxAbsDiff(wantQkv, new double[wantQkv.length]);
            assertTrue(scale > 1e-3, "gradient must not vanish");
            assertTrue(TestParams.maxAbsDiff(wantQkv, gQkv) < 1e-12 * Math.max(1, scale), "QKV tap identity");
            assertTrue(TestParams.maxAbsDiff(wantDense, gDense) < 1e-12 * Math.max(1, scale), "dense tap identity");

            // And against finite differences of the summed loss (O4): sum = mean · B·T.
            for (int idx : new int[] {2 * 8 + 3, 17 * 8 + 6}) {
                double fd = finiteDifference(p, NeoxNames.qkvWeight(layer), idx, 1e-5) * 10;
                assertEquals(fd, gQkv[idx], 1e-7 + 1e-6 * Math.abs(fd), "qkv[" + idx + "]");
            }
            double fdDense = finiteDifference(p, NeoxNames.denseWeight(layer), 13, 1e-5) * 10;
            assertEquals(fdDense, gDense[13], 1e-7 + 1e-6 * Math.abs(fdDense), "dense[13]");
        }
    }

    @Test
    void tapsWorkInFloat32Too() {
        Map<String, double[]> p = TestParams.random(CFG, 23, 0.5);
        try (NDManager m = NDManager.newBaseManager();
             NeoxModel model = TestParams.model(CFG, p, m, DataType.FLOAT32)) {
            model.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(NeoxModel.sumLoss(model.forward(m.create(IDS), null), m.create(TARGETS)));
            }
            double[] want = TestParams.toDoubles(model.param(NeoxNames.qkvWeight(0)).getGradient());
            model.setRequiresGradient(false);
            Taps taps = new Taps().gradientTapLayer(0);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(NeoxModel.sumLoss(model.forward(m.create(IDS), taps), m.create(TARGETS)));
            }
            double err = TestParams.maxAbsDiff(want, outerSum(taps.qkvOutputGrad(), taps.qkvInput()));
            assertTrue(err < 1e-4, "fp32 tap identity error " + err);
        }
    }
}
