package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.EnumMap;
import java.util.Map;
import mda.engine.model.ModelConfig;
import mda.engine.model.NeoxModel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Oracles of spec §7 on a real (tiny, float64, random-init) NeoX model: O4 (tap gradients of the loss and of each
 * probe equal finite differences over the head slice), O8 (the tap score equals the central difference of the
 * sample loss along P, with the minus sign of §0.3) and O6 (a preconditioned descent step on a sample moves the
 * probe by +η·I(z)).
 */
class ModelOraclesTest {
    static final ModelConfig CFG = new ModelConfig(2, 8, 2, 16, 10, 17, 0.5, 10000, 1e-5, "neox");
    private static final int LAYER = 1;
    private static final int HEAD = 1;

    static int[][] windows(long seed, int n) {
        return ModelOraclesTestWindows.windows(CFG, seed, n);
    }

    private static double loss(NeoxModel m, int[][] windows) {
        double s = 0;
        for (double v : new HeadGradients(m, LAYER, true).realLabel(windows).values()) {
            s += v;
        }
        return s;
    }

    private static double probe(NeoxModel m, Probe p, int[][] items) {
        double s = 0;
        for (double v : new HeadGradients(m, LAYER, true).probe(p, items).values()) {
            s += v;
        }
        return s;
    }

    @Test
    void o4TapGradientsOfLossAndProbesEqualFiniteDifferences() {
        HeadSlice slice = HeadSlice.of(CFG, LAYER, HEAD, HeadSlice.Mode.QKVO, true);
        int[][] data = windows(3, 2);
        int[][] items = Probe.items(CFG, 7, 2);
        try (NDManager root = NDManager.newBaseManager();
             NeoxModel model = NeoxModel.init(CFG, 11, root, DataType.FLOAT64)) {
            model.setRequiresGradient(false);
            Map<String, double[]> base = SliceModels.values(model);
            HeadGradients grads = new HeadGradients(model, LAYER, true);
            Map<Block, DMatrixRMaj> gLoss = SliceModels.tapGradient(slice, grads.realLabel(data).taps());
            Probe copy = new Probe("copy_target_synthetic", LAYER, HEAD);
            Probe attn = new Probe("ind_attn", LAYER, HEAD);
            Map<Block, DMatrixRMaj> gCopy = SliceModels.tapGradient(slice, grads.probe(copy, items).taps());
            Map<Block, DMatrixRMaj> gAttn = SliceModels.tapGradient(slice, grads.probe(attn, items).taps());
            // the dataset probe on corpus-like windows: tokens recur several times, the most recent one is the match
            Probe dataset = new Probe("copy_target_dataset", LAYER, HEAD);
            int[][] natural = datasetLike(windows(5, 2));
            Map<Block, DMatrixRMaj> gData = SliceModels.tapGradient(slice, grads.probe(dataset, natural).taps());
            double h = 1e-5;
            int[][] entries = {{0, 0}, {3, 8}, {5, 2}, {7, 6}};
            for (Block b : slice.blocks()) {
                for (int[] e : entries) {
                    int i = e[0] % slice.dOut(b);
                    int j = e[1] % slice.dIn(b);
                    Map<Block, DMatrixRMaj> dir = SliceModels.unit(slice, b, i, j);
                    try (NDManager m = root.newSubManager();
                         NeoxModel plus = SliceModels.moved(CFG, base, slice, dir, h, m);
                         NeoxModel minus = SliceModels.moved(CFG, base, slice, dir, -h, m)) {
                        String at = b + "[" + i + "," + j + "]";
                        check(gLoss, b, i, j, (loss(plus, data) - loss(minus, data)) / (2 * h), "loss " + at);
                        check(gCopy, b, i, j, (probe(plus, copy, items) - probe(minus, copy, items)) / (2 * h),
                                "copy_target " + at);
                        check(gAttn, b, i, j, (probe(plus, attn, items) - probe(minus, attn, items)) / (2 * h),
                                "ind_attn " + at);
                        check(gData, b, i, j, (probe(plus, dataset, natural) - probe(minus, dataset, natural))
                                / (2 * h), "copy_target_dataset " + at);
                    }
                }
            }
            assertTrue(SliceModels.maxAbs(gLoss) > 1e-3, "loss gradient must not vanish");
            assertTrue(SliceModels.maxAbs(gCopy) > 1e-4, "copy probe gradient must not vanish");
            assertTrue(SliceModels.maxAbs(gData) > 1e-4, "dataset probe gradient must not vanish");
            assertTrue(CommonOps_DDRM.elementMaxAbs(gAttn.get(Block.QK)) > 1e-5, "attention probe gradient");
            assertEquals(0, CommonOps_DDRM.elementMaxAbs(gAttn.get(Block.V)), "ind_attn does not depend on V");
        }
    }

    /** The first ctx tokens of each window, as the dataset probe's items are; each must repeat a token. */
    private static int[][] datasetLike(int[][] windows) {
        int[][] out = new int[windows.length][];
        for (int n = 0; n < windows.length; n++) {
            out[n] = java.util.Arrays.copyOf(windows[n], CFG.ctx());
            assertTrue(mda.engine.probe.EvalSets.inductionQueries(out[n]).size() > 1, "window " + n + " repeats");
        }
        return out;
    }

    private static void check(Map<Block, DMatrixRMaj> tap, Block b, int i, int j, double fd, String what) {
        double scale = SliceModels.maxAbs(tap);
        assertEquals(fd, tap.get(b).get(i, j), 1e-5 * scale + 1e-9, what);
    }

    /** A fitted EK-FAC preconditioned copy-probe gradient on the tiny model. */
    private static Map<Block, DMatrixRMaj> preconditionedProbe(HeadGradients grads, HeadSlice slice,
            EkfacFactors[] factorsOut) throws Exception {
        int[][] fitting = windows(21, 24);
        long[] ids = new long[fitting.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        EkfacFactors f = EkfacFit.fit(grads, slice, k -> fitting[(int) k], ids, 8,
                5L, Damping.defaults(), null);
        factorsOut[0] = f;
        int[][] items = Probe.items(CFG, 7, 4);
        ProbeGradient pg = new ProbeGradient(slice);
        pg.add(grads.probe(new Probe("copy_target_synthetic", LAYER, HEAD), items).taps());
        return Ihvp.apply(f, pg.gradient(1.0 / items.length));
    }

    @Test
    void o8ScoreEqualsCentralDifferenceOfTheSampleLossAlongP() throws Exception {
        HeadSlice slice = HeadSlice.of(CFG, LAYER, HEAD, HeadSlice.Mode.QKVO, true);
        try (NDManager root = NDManager.newBaseManager();
             NeoxModel model = NeoxModel.init(CFG, 12, root, DataType.FLOAT64)) {
            model.setRequiresGradient(false);
            HeadGradients grads = new HeadGradients(model, LAYER, true);
            Map<Block, DMatrixRMaj> p = preconditionedProbe(grads, slice, new EkfacFactors[1]);
            InfluenceScorer scorer = InfluenceScorer.single(slice, p);
            Map<String, double[]> base = SliceModels.values(model);
            double eps = 1e-4 / SliceModels.maxAbs(p);
            int[][] samples = windows(99, 3);
            for (int n = 0; n < samples.length; n++) {
                int[][] one = {samples[n]};
                double score = scorer.score(grads.realLabel(one).taps(), 0).score(0);
                double fd;
                try (NDManager m = root.newSubManager();
                     NeoxModel plus = SliceModels.moved(CFG, base, slice, p, eps, m);
                     NeoxModel minus = SliceModels.moved(CFG, base, slice, p, -eps, m)) {
                    fd = -(loss(plus, one) - loss(minus, one)) / (2 * eps);
                }
                assertTrue(Math.abs(score) > 1e-6, "score must not vanish");
                assertEquals(fd, score, 1e-5 * Math.abs(fd), "sample " + n);
            }
        }
    }

    @Test
    void o6PreconditionedDescentStepOnASampleMovesTheProbeByEtaTimesItsScore() throws Exception {
        HeadSlice slice = HeadSlice.of(CFG, LAYER, HEAD, HeadSlice.Mode.QKVO, true);
        Probe copy = new Probe("copy_target_synthetic", LAYER, HEAD);
        int[][] items = Probe.items(CFG, 7, 4);
        try (NDManager root = NDManager.newBaseManager();
             NeoxModel model = NeoxModel.init(CFG, 13, root, DataType.FLOAT64)) {
            model.setRequiresGradient(false);
            HeadGradients grads = new HeadGradients(model, LAYER, true);
            EkfacFactors[] f = new EkfacFactors[1];
            InfluenceScorer scorer = InfluenceScorer.single(slice, preconditionedProbe(grads, slice, f));
            Map<String, double[]> base = SliceModels.values(model);
            double f0 = probe(model, copy, items) / items.length;
            for (int[] w : windows(77, 4)) {
                int[][] one = {w};
                LayerTaps taps = grads.realLabel(one).taps();
                double score = scorer.score(taps, 0).score(0);
                Map<Block, DMatrixRMaj> step = new EnumMap<>(Block.class);
                step.putAll(Ihvp.apply(f[0], SliceModels.tapGradient(slice, taps)));
                double eta = 1e-4 / SliceModels.maxAbs(step);
                double f1;
                try (NDManager m = root.newSubManager();
                     NeoxModel moved = SliceModels.moved(CFG, base, slice, step, -eta, m)) {
                    f1 = probe(moved, copy, items) / items.length;
                }
                assertEquals(eta * score, f1 - f0, 1e-3 * Math.abs(eta * score), "Δf = +η·I(z)");
            }
        }
    }
}
