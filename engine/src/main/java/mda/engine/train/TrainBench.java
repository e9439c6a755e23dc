package mda.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import mda.engine.model.ModelConfig;
import mda.engine.model.NeoxModel;
import mda.engine.util.SplitMix64;

/**
 * Training throughput of a preset on random tokens: tokens/s, achieved GFLOP/s beside a matmul peak measured on
 * the same device, and peak resident memory. A benchmark, printed by {@code mda bench}; never asserted in tests.
 */
public final class TrainBench {
    /** One measurement. */
    public record Result(String preset, int batch, int ctx, int steps, double tokensPerSecond, double gflops,
                         double matmulPeakGflops, long peakRssBytes, long parameters) {
    }

    private TrainBench() {
    }

    public static Result run(String preset, int batch, int steps, Device device) {
        ModelConfig cfg = ModelConfig.preset(preset);
        int t = cfg.ctx();
        try (NDManager root = NDManager.newBaseManager(device)) {
            NeoxModel model = NeoxModel.init(cfg, 1, root);
            model.setRequiresGradient(true);
            AdamW opt = new AdamW(model.parameters(), AdamW.Settings.pythia());
            SplitMix64 rng = new SplitMix64(7);
            step(model, opt, rng, batch, t); // warm-up: first call allocates and loads kernels
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                step(model, opt, rng, batch, t);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double tokens = (double) steps * batch * t;
            double flops = tokens * flopsPerToken(cfg);
            double peak = matmulPeak(root);
            long params = model.parameterCount();
            opt.close();
            model.close();
            return new Result(preset, batch, t, steps, tokens / seconds, flops / seconds / 1e9, peak, peakRss(),
                    params);
        }
    }

    /**
     * Training FLOPs per token: 6 × (matmul parameters, unembedding included, embedding lookup excluded) plus the
     * attention scores and mixing, 12 · L · T · d (forward 4·L·T·d, backward twice that; Kaplan et al.'s count).
     */
    static double flopsPerToken(ModelConfig c) {
        long d = c.dModel();
        long perLayer = 3 * d * d + d * d + 2 * d * c.dFf();
        long matmulParams = c.layers() * perLayer + (long) c.vocab() * d;
        return 6.0 * matmulParams + 12.0 * c.layers() * c.ctx() * d;
    }

    private static void step(NeoxModel model, AdamW opt, SplitMix64 rng, int b, int t) {
        int v = model.config().vocab();
        int[] in = new int[b * t];
        int[] tg = new int[b * t];
        for (int i = 0; i < in.length; i++) {
            in[i] = rng.nextInt(v);
            tg[i] = rng.nextInt(v);
        }
        try (NDManager m = model.manager().newSubManager()) {
            opt.zeroGradients();
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray ids = m.create(in, new Shape(b, t));
                NDArray targets = m.create(tg, new Shape(b, t));
                gc.backward(NeoxModel.meanLoss(model.forward(ids, null), targets));
            }
        }
        opt.step(1e-4);
    }

    /** GFLOP/s of a 512³ float matmul on the device, best of several repetitions. */
    static double matmulPeak(NDManager parent) {
        int n = 512;
        double best = 0;
        try (NDManager m = parent.newSubManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            a.matMul(b).toFloatArray();
            for (int rep = 0; rep < 5; rep++) {
                long start = System.nanoTime();
                int inner = 10;
                NDArray c = null;
                for (int i = 0; i < inner; i++) {
                    c = a.matMul(b);
                }
                c.getFloat(0, 0); // forces completion on asynchronous devices
                double s = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, inner * 2.0 * n * n * n / s / 1e9);
            }
        }
        return best;
    }

    /** Peak resident set size of this process (Linux VmHWM), or −1 where /proc is absent. */
    public static long peakRss() {
        return mda.engine.util.PeakMemory.bytes();
    }
}
