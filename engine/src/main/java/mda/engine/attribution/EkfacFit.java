package mda.engine.attribution;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongFunction;
import mda.engine.jobs.JobContext;
import mda.engine.util.SplitMix64;

/**
 * Fits the EK-FAC factors of a head slice on a model (spec §3.5): a covariance pass with labels sampled from the
 * model's predictive distribution, the eigenbases, then a Λ pass over the same sequences with fresh sampled labels.
 * Both passes use the sum-reduced loss, so the tap gradients are per-sequence, per-position g_t.
 */
public final class EkfacFit {
    private EkfacFit() {
    }

    /**
     * @param grads   the tapped model
     * @param slice   the head slice
     * @param samples the fitting sequences (windows of T+1 tokens) by index
     * @param ids     the fitting sample ids
     * @param batch   sequences per forward pass
     * @param labels  the FISHER_LABELS stream (covariance labels first, then the Λ pass's fresh labels)
     * @param damping how λ_b is resolved
     * @param ctx     progress and cancellation, or null
     */
    public static EkfacFactors fit(HeadGradients grads, HeadSlice slice, LongFunction<int[]> samples, long[] ids,
            int batch, SplitMix64 labels, Damping damping, JobContext ctx) throws Exception {
        if (ids.length == 0) {
            throw new IllegalArgumentException("EK-FAC fitting needs at least one sequence");
        }
        Map<Block, CovarianceAccumulator> cov = new EnumMap<>(Block.class);
        for (Block b : slice.blocks()) {
            cov.put(b, CovarianceAccumulator.forSlice(slice, b));
        }
        for (int start = 0; start < ids.length; start += batch) {
            LayerTaps taps = grads.sampledLabel(windows(samples, ids, start, batch), labels).taps();
            for (int n = 0; n < taps.batch(); n++) {
                for (Block b : slice.blocks()) {
                    cov.get(b).add(TapExtractor.extract(slice, b, taps, n));
                }
            }
            report(ctx, "fit-covariance", Math.min(ids.length, start + batch), ids.length);
        }
        Map<Block, LambdaAccumulator> lambdas = new EnumMap<>(Block.class);
        for (Block b : slice.blocks()) {
            CovarianceAccumulator c = cov.get(b);
            lambdas.put(b, new LambdaAccumulator(b, c.inputBasis(), c.outputBasis()));
        }
        for (int start = 0; start < ids.length; start += batch) {
            LayerTaps taps = grads.sampledLabel(windows(samples, ids, start, batch), labels).taps();
            for (int n = 0; n < taps.batch(); n++) {
                for (Block b : slice.blocks()) {
                    lambdas.get(b).add(TapExtractor.extract(slice, b, taps, n));
                }
            }
            report(ctx, "fit-lambda", Math.min(ids.length, start + batch), ids.length);
        }
        return EkfacFactors.fromLambdas(slice, lambdas, damping);
    }

    static int[][] windows(LongFunction<int[]> samples, long[] ids, int start, int batch) {
        int b = Math.min(batch, ids.length - start);
        int[][] out = new int[b][];
        for (int i = 0; i < b; i++) {
            out[i] = samples.apply(ids[start + i]);
        }
        return out;
    }

    private static void report(JobContext ctx, String phase, long done, long total) throws Exception {
        if (ctx != null) {
            ctx.checkCancelled();
            ctx.progress(phase, done, total, null);
        }
    }
}
