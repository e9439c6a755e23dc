package mda.engine.attribution;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import mda.engine.model.ModelConfig;
import mda.engine.model.NeoxModel;
import mda.engine.util.SplitMix64;
import org.ejml.data.DMatrixRMaj;

/**
 * Attribution throughput of a preset on random tokens, beside {@code TrainBench}'s training throughput: the time to
 * fit the EK-FAC factors of one head (qkvo) on {@code steps × batch} sequences — the same tokens one training pass
 * over that many steps sees — and the scoring tokens/s of the job's own loop (taps forward/backward, then
 * {@code c_t = −g_tᵀ P a_t}). A benchmark, printed by {@code mda bench}; never asserted in tests.
 *
 * @see mda.engine.train.TrainBench
 */
public final class AttributionBench {
    /**
     * One measurement.
     *
     * @param fitSeconds       covariance and Λ passes plus eigendecompositions over {@code fitTokens} tokens
     * @param fitPasses        forward/backward passes the fit made (1 when Λ came from stored gradients)
     * @param scoringTokensPerSecond tokens scored per second (forward with taps, backward to the layer, scores)
     */
    public record Result(String preset, int layer, int head, long fitTokens, double fitSeconds, int fitPasses,
                         long scoredTokens, double scoringTokensPerSecond) {
    }

    private AttributionBench() {
    }

    /** Fits and scores head 0 of the last layer of {@code preset} with a randomly initialised model. */
    public static Result run(String preset, int batch, int steps, Device device) throws Exception {
        ModelConfig cfg = ModelConfig.preset(preset);
        int layer = cfg.layers() - 1;
        int head = 0;
        int t = cfg.ctx();
        HeadSlice slice = HeadSlice.of(cfg, layer, head, HeadSlice.Mode.QKVO, true);
        try (NDManager root = NDManager.newBaseManager(device);
             NeoxModel model = NeoxModel.init(cfg, 1, root)) {
            model.setRequiresGradient(false);
            HeadGradients grads = new HeadGradients(model, layer, true);
            SplitMix64 rng = new SplitMix64(7);
            int n = steps * batch;
            int[][] seqs = new int[n][t + 1];
            for (int[] s : seqs) {
                for (int i = 0; i < s.length; i++) {
                    s[i] = rng.nextInt(cfg.vocab());
                }
            }
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = i;
            }
            grads.realLabel(new int[][] {seqs[0]}); // warm-up: first call allocates and loads kernels

            long start = System.nanoTime();
            EkfacFactors factors = EkfacFit.fit(grads, slice, id -> seqs[(int) id], ids, batch,
                    1L, Damping.relative(Damping.DEFAULT_FACTOR),
                    null);
            double fitSeconds = (System.nanoTime() - start) / 1e9;

            ProbeGradient pg = new ProbeGradient(slice);
            int[][] items = Probe.items(cfg, 1, Math.min(batch, Probe.DEFAULT_ITEMS));
            pg.add(grads.probe(new Probe("copy_target_synthetic", layer, head), items).taps());
            Map<Block, DMatrixRMaj> p = Ihvp.apply(factors, pg.gradient(1.0 / items.length));
            InfluenceScorer scorer = InfluenceScorer.single(slice, p);

            start = System.nanoTime();
            double checksum = 0;
            for (int s = 0; s < n; s += batch) {
                int[][] windows = EkfacFit.windows(id -> seqs[(int) id], ids, s, batch);
                for (TokenScores ts : scorer.scoreBatch(grads.realLabel(windows).taps())) {
                    checksum += ts.score(0);
                }
            }
            double scoreSeconds = (System.nanoTime() - start) / 1e9;
            if (!Double.isFinite(checksum)) {
                throw new IllegalStateException("benchmark scores are not finite");
            }
            long tokens = (long) n * t;
            return new Result(preset, layer, head, tokens, fitSeconds, EkfacFit.onePass(slice, n) ? 1 : 2, tokens,
                    tokens / scoreSeconds);
        }
    }
}
