package mda.engine.attribution;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import mda.engine.jobs.JobContext;
import mda.engine.util.SplitMix64;

/**
 * Fits the EK-FAC factors of a head slice on a model (spec §3.5): a covariance pass with labels sampled from the
 * model's predictive distribution, the eigenbases, then the eigenvalue correction Λ. When the per-sequence gradients
 * fit a memory budget ({@link StoredGradients}), the covariance pass keeps them and Λ is formed from them, so the fit
 * costs one forward/backward pass over the fitting samples; otherwise a second pass over the same sequences, with
 * fresh sampled labels, forms Λ.
 * Both passes use the sum-reduced loss, so the tap gradients are per-sequence, per-position g_t. Each batch's sums are
 * formed on the device ({@link DeviceSums}) and added into float64 running sums in batch order; a sum that turns
 * non-finite stops the fit ({@link NonFiniteFactorsException}).
 * <p>
 * Each pass walks the fitting samples in fixed shards of {@link #SHARD}; shard k of pass p draws its labels from its
 * own SplitMix64 stream of (seed, p, k), so a fit resumed from a saved shard boundary samples exactly the labels an
 * uninterrupted fit would and ends with identical factors.
 */
public final class EkfacFit {
    /** Fitting samples per shard: the unit of progress, cancellation and resume state. */
    public static final int SHARD = 256;

    private EkfacFit() {
    }

    /** An uninterrupted fit (no resume state); see {@link #fit(HeadGradients, HeadSlice, LongFunction, long[], int,
     * long, Damping, JobContext, Path)}. */
    public static EkfacFactors fit(HeadGradients grads, HeadSlice slice, LongFunction<int[]> samples, long[] ids,
            int batch, long labelSeed, Damping damping, JobContext ctx) throws Exception {
        return fit(grads, slice, samples, ids, batch, labelSeed, damping, ctx, null, SHARD,
                StoredGradients.DEFAULT_BUDGET_BYTES);
    }

    /**
     * @param grads     the tapped model
     * @param slice     the head slice
     * @param samples   the fitting sequences (windows of T+1 tokens) by index
     * @param ids       the fitting sample ids
     * @param batch     sequences per forward pass (within a shard)
     * @param labelSeed seed of the FISHER_LABELS streams (one per pass and shard)
     * @param damping   how λ_b is resolved
     * @param ctx       progress and cancellation, or null
     * @param stateDir  folder for the per-pass resume state ({@code fit-covariance.state}, {@code fit-lambda.state});
     *                  a matching state there is continued; null for none. The caller deletes it with
     *                  {@link #deleteState} once the factors are saved.
     */
    public static EkfacFactors fit(HeadGradients grads, HeadSlice slice, LongFunction<int[]> samples, long[] ids,
            int batch, long labelSeed, Damping damping, JobContext ctx, Path stateDir) throws Exception {
        return fit(grads, slice, samples, ids, batch, labelSeed, damping, ctx, stateDir, SHARD,
                StoredGradients.DEFAULT_BUDGET_BYTES);
    }

    /**
     * @param storeBudget bytes the per-sequence gradients may take to save the second pass; 0 forces two passes
     */
    static EkfacFactors fit(HeadGradients grads, HeadSlice slice, LongFunction<int[]> samples, long[] ids,
            int batch, long labelSeed, Damping damping, JobContext ctx, Path stateDir, int shard, long storeBudget)
            throws Exception {
        if (ids.length == 0) {
            throw new IllegalArgumentException("EK-FAC fitting needs at least one sequence");
        }
        if (batch < 1 || shard < 1) {
            throw new IllegalArgumentException("batch and shard must be >= 1, got " + batch + ", " + shard);
        }
        boolean onePass = StoredGradients.fits(slice, ids.length, storeBudget);
        StoredGradients stored = onePass ? new StoredGradients(slice) : null;
        FitState state = stateDir == null ? null
                : new FitState(stateDir, FitState.fingerprint(slice, ids, labelSeed, batch, shard, onePass));
        FitState.Saved<LambdaAccumulator> lambda = state == null ? null : state.loadLambda();
        if (lambda == null) {
            FitState.Saved<CovarianceAccumulator> cov = state == null ? null : state.loadCovariance();
            if (cov == null) {
                Map<Block, CovarianceAccumulator> fresh = new EnumMap<>(Block.class);
                for (Block b : slice.blocks()) {
                    fresh.put(b, CovarianceAccumulator.forSlice(slice, b));
                }
                cov = new FitState.Saved<>(0, fresh);
            } else {
                resumed(ctx, "fit-covariance", cov.done(), ids.length);
                if (stored != null) {
                    reloadGradients(state, stored, checkDone(cov.done(), ids.length, shard), shard);
                }
            }
            Map<Block, CovarianceAccumulator> acc = cov.accumulators();
            for (long done = checkDone(cov.done(), ids.length, shard); done < ids.length; ) {
                int k = (int) (done / shard);
                done = shard(grads, samples, ids, batch, shard, labelSeed, 0, done, ctx, taps -> {
                    DeviceSums.addCovariances(slice, taps, acc);
                    if (stored != null) {
                        stored.shard(k).add(DeviceSums.sequenceGradients(slice, taps));
                    }
                });
                for (CovarianceAccumulator c : acc.values()) {
                    c.requireFinite(slice, done);
                }
                if (state != null) {
                    if (stored != null) {
                        state.saveGradients(k, stored);
                    }
                    state.saveCovariance(done, acc);
                }
                report(ctx, "fit-covariance", done, ids.length);
            }
            Map<Block, LambdaAccumulator> fresh = new EnumMap<>(Block.class);
            for (Block b : slice.blocks()) {
                CovarianceAccumulator c = acc.get(b);
                fresh.put(b, new LambdaAccumulator(b, c.inputBasis(), c.outputBasis()));
            }
            lambda = new FitState.Saved<>(0, fresh);
        } else {
            resumed(ctx, "fit-lambda", lambda.done(), ids.length);
        }
        Map<Block, LambdaAccumulator> lam = lambda.accumulators();
        try (ai.djl.ndarray.NDManager m = grads.newManager()) {
            Map<Block, ai.djl.ndarray.NDArray[]> bases = DeviceSums.bases(m, lam);
            if (stored != null) {
                if (ctx != null) {
                    ctx.checkCancelled();
                }
                stored.forEach(b -> DeviceSums.addLambdas(slice, b, lam, bases, m));
                for (LambdaAccumulator l : lam.values()) {
                    l.requireFinite(slice, ids.length);
                }
                report(ctx, "fit-lambda", ids.length, ids.length);
                return EkfacFactors.fromLambdas(slice, lam, damping);
            }
            for (long done = checkDone(lambda.done(), ids.length, shard); done < ids.length; ) {
                done = shard(grads, samples, ids, batch, shard, labelSeed, 1, done, ctx,
                        taps -> DeviceSums.addLambdas(slice, taps, lam, bases));
                for (LambdaAccumulator l : lam.values()) {
                    l.requireFinite(slice, done);
                }
                if (state != null) {
                    state.saveLambda(done, lam);
                }
                report(ctx, "fit-lambda", done, ids.length);
            }
        }
        return EkfacFactors.fromLambdas(slice, lam, damping);
    }

    /** Whether a fit over {@code sequences} samples keeps their gradients and so makes one pass instead of two. */
    public static boolean onePass(HeadSlice slice, long sequences) {
        return StoredGradients.fits(slice, sequences, StoredGradients.DEFAULT_BUDGET_BYTES);
    }

    /** Reloads the stored gradients of the {@code done / shard} finished shards of a resumed covariance pass. */
    private static void reloadGradients(FitState state, StoredGradients stored, long done, int shard)
            throws java.io.IOException {
        int shards = (int) ((done + shard - 1) / shard);
        for (int k = 0; k < shards; k++) {
            if (!state.loadGradients(k, stored)) {
                throw new java.io.IOException(state.gradientsFile(k) + " is missing: the fit's resume state is "
                        + "incomplete; delete the fit-*.state files to refit");
            }
        }
    }

    /** Removes the resume state a fit left in {@code stateDir} (call once its factors are saved). */
    public static void deleteState(Path stateDir) throws java.io.IOException {
        FitState.delete(stateDir);
    }

    /** The label stream of one shard of one pass: independent of how many shards ran before in this process. */
    static SplitMix64 shardLabels(long seed, int pass, long shardIndex) {
        long base = SplitMix64.stream(seed, SplitMix64.Stream.FISHER_LABELS).nextLong();
        SplitMix64 mixer = new SplitMix64(base ^ (0xD1B54A32D192ED03L * (pass + 1)) ^ (0x8CB92BA72F3D8DD7L
                * (shardIndex + 1)));
        return new SplitMix64(mixer.nextLong());
    }

    /** Runs the shard starting at {@code start} through {@code sink}; returns the samples done after it. */
    private static long shard(HeadGradients grads, LongFunction<int[]> samples, long[] ids, int batch, int shard,
            long seed, int pass, long start, JobContext ctx, Consumer<HeadGradients.DeviceTaps> sink)
            throws Exception {
        if (ctx != null) {
            ctx.checkCancelled();
        }
        SplitMix64 labels = shardLabels(seed, pass, start / shard);
        int end = (int) Math.min(ids.length, start + shard);
        for (int s = (int) start; s < end; s += batch) {
            grads.sampledLabel(windows(samples, ids, s, Math.min(batch, end - s)), labels, taps -> {
                sink.accept(taps);
                return null;
            });
        }
        return end;
    }

    private static long checkDone(long done, int total, int shard) {
        if (done < 0 || done > total || (done % shard != 0 && done != total)) {
            throw new IllegalStateException("fit resume state holds " + done + " samples, not a shard boundary of "
                    + total + "; delete the fit-*.state files to refit");
        }
        return done;
    }

    static int[][] windows(LongFunction<int[]> samples, long[] ids, int start, int batch) {
        int b = Math.min(batch, ids.length - start);
        int[][] out = new int[b][];
        for (int i = 0; i < b; i++) {
            out[i] = samples.apply(ids[start + i]);
        }
        return out;
    }

    private static void report(JobContext ctx, String phase, long done, long total) {
        if (ctx != null) {
            ctx.progress(phase, done, total, null);
        }
    }

    private static void resumed(JobContext ctx, String phase, long done, long total) {
        if (ctx != null) {
            ctx.log("resuming " + phase + " at " + done + "/" + total + " samples");
        }
    }
}
