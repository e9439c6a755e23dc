package mda.engine.attribution;

import mda.engine.model.ModelConfig;
import mda.engine.util.SplitMix64;

/** Random training windows of ctx+1 tokens for the model-based oracle tests. */
final class ModelOraclesTestWindows {
    private ModelOraclesTestWindows() {
    }

    static int[][] windows(ModelConfig cfg, long seed, int n) {
        SplitMix64 rng = new SplitMix64(seed);
        int[][] out = new int[n][cfg.ctx() + 1];
        for (int[] w : out) {
            for (int i = 0; i < w.length; i++) {
                w[i] = rng.nextInt(cfg.vocab());
            }
        }
        return out;
    }
}
