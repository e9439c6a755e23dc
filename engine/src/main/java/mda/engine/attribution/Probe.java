package mda.engine.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mda.engine.corpus.Samples;
import mda.engine.model.ModelConfig;
import mda.engine.model.Taps;
import mda.engine.probe.EvalSets;
import mda.engine.train.CheckpointMeasurement;
import mda.engine.util.SplitMix64;

/**
 * A probe function f(θ) of spec §3.4, higher = head more formed (§0.3). Per item the value is a mean over the
 * induction queries i (positions whose token occurred before, most recently at prev(i); target position prev(i)+1):
 * <ul>
 *   <li>{@code copy_target_synthetic}: log p(u_{prev(i)+1}) read from logits row i (row i predicts token i+1), on
 *       RRT sequences;</li>
 *   <li>{@code copy_target_dataset}: the same log-prob on windows of the run's own corpus, so that it weighs the
 *       copies the data actually holds rather than long repeats of uniform random tokens;</li>
 *   <li>{@code ind_attn}: the head's attention A^h[i, prev(i)+1] at the probed layer, on RRT sequences.</li>
 * </ul>
 */
public final class Probe {
    /** Probe ids accepted on the command line. */
    public static final List<String> IDS = List.of("copy_target_synthetic", "copy_target_dataset", "ind_attn");
    /** Default number of probe sequences (spec §3.4, num_samples = 32). */
    public static final int DEFAULT_ITEMS = 32;
    /** Mixed into the run seed so that the probe set comes from its own stream, not the evaluation sets'. */
    private static final long PROBE_SALT = 0x5052_4F42_4553_4554L;
    /** Salt of the dataset probe's window draw. */
    private static final long DATASET_SALT = 0x4441_5441_5345_5450L;

    private final String id;
    private final int layer;
    private final int head;

    public Probe(String id, int layer, int head) {
        String norm = id == null ? "" : id.toLowerCase(Locale.ROOT);
        if (!IDS.contains(norm)) {
            throw new IllegalArgumentException("unknown probe '" + id + "'; expected one of " + IDS);
        }
        this.id = norm;
        this.layer = layer;
        this.head = head;
    }

    public String id() {
        return id;
    }

    boolean needsAttention() {
        return id.equals("ind_attn");
    }

    /** Whether the items are windows of the run's corpus ({@link #datasetItems}) rather than RRT sequences. */
    public boolean usesDataset() {
        return id.equals("copy_target_dataset");
    }

    /**
     * The items of this probe: {@link #datasetItems} for the dataset probe, otherwise the RRT {@link #items}.
     * {@code samples} may be null for the RRT probes.
     */
    public int[][] items(ModelConfig cfg, long runSeed, int n, Samples samples) {
        return usesDataset() ? datasetItems(samples, cfg.ctx(), runSeed, n) : items(cfg, runSeed, n);
    }

    /**
     * The dataset probe's items: {@code n} distinct windows of the corpus (their first T tokens), drawn uniformly from
     * a salted stream of the run seed among the windows that hold an induction query. The held-out windows of the
     * NT metrics ({@link CheckpointMeasurement#heldOut}) are never drawn, so the probe set stays disjoint from them.
     */
    public static int[][] datasetItems(Samples samples, int ctx, long runSeed, int n) {
        if (samples == null) {
            throw new IllegalArgumentException("probe copy_target_dataset needs the run's corpus");
        }
        long pool = samples.sampleCount() - CheckpointMeasurement.HELD_OUT;
        if (pool < n) {
            throw new IllegalArgumentException("probe copy_target_dataset needs " + n + " corpus windows besides the "
                    + CheckpointMeasurement.HELD_OUT + " held out for the metrics; the corpus has " + samples.sampleCount());
        }
        SplitMix64 rng = SplitMix64.stream(runSeed ^ DATASET_SALT, SplitMix64.Stream.EVAL_SETS);
        Set<Long> seen = new HashSet<>();
        int[][] out = new int[n][];
        int k = 0;
        int tries = 0;
        while (k < n) {
            if (++tries > 100 * n) {
                throw new IllegalArgumentException("probe copy_target_dataset: fewer than " + n + " of the corpus's "
                        + "windows repeat a token, so f is undefined on the rest");
            }
            long id = rng.nextBounded(pool);
            if (!seen.add(id)) {
                continue;
            }
            int[] w = java.util.Arrays.copyOf(samples.sample(id), ctx);
            if (EvalSets.inductionQueries(w).size() > 0) {
                out[k++] = w;
            }
        }
        return out;
    }

    /**
     * The probe set: {@code n} RRT sequences (no BOS) with the evaluation sets' repeat length, drawn from the
     * EVAL_SETS stream of a salted seed and re-drawn if one equals any sequence of the run's evaluation RRT sets.
     */
    public static int[][] items(ModelConfig cfg, long runSeed, int n) {
        int ctx = cfg.ctx();
        int vocab = cfg.vocab();
        int r = Math.min(EvalSets.defaultRepeatLength(ctx), Math.min(ctx / 2, vocab - 2));
        if (r < 4) {
            throw new IllegalArgumentException("context " + ctx + " and vocabulary " + vocab
                    + " leave room for only " + r + " repeated tokens; the probe needs at least 4");
        }
        // the evaluation sets' RRT draws (EvalData.build), to keep the probe set disjoint from them
        SplitMix64 evalRng = SplitMix64.stream(runSeed, SplitMix64.Stream.EVAL_SETS);
        int rShort = Math.max(4, r / 2);
        Set<String> eval = new HashSet<>();
        for (int[] s : EvalSets.repeatedRandomTokens(64, r, false, vocab, 1, evalRng)) {
            eval.add(java.util.Arrays.toString(s));
        }
        for (int[] s : EvalSets.repeatedRandomTokens(64, rShort, false, vocab, 1, evalRng)) {
            eval.add(java.util.Arrays.toString(s));
        }
        SplitMix64 rng = SplitMix64.stream(runSeed ^ PROBE_SALT, SplitMix64.Stream.EVAL_SETS);
        int[][] out = new int[n][];
        int k = 0;
        int guard = 0;
        while (k < n) {
            int[] s = EvalSets.repeatedRandomTokens(1, r, false, vocab, 1, rng)[0];
            if (!eval.contains(java.util.Arrays.toString(s))) {
                out[k++] = s;
            } else if (++guard > 1000) {
                throw new IllegalStateException("vocabulary " + vocab + " is too small for a probe set disjoint "
                        + "from the evaluation sets");
            }
        }
        return out;
    }

    /**
     * Refuses items without an induction position (no token occurs twice): the probe's mean over induction
     * queries is undefined there. Items must also share one length.
     */
    void requireInductionPositions(int[][] items) {
        if (items.length == 0) {
            throw new IllegalArgumentException("probe " + id + " needs at least one item");
        }
        for (int n = 0; n < items.length; n++) {
            if (items[n].length != items[0].length) {
                throw new IllegalArgumentException("probe " + id + ": item " + n + " has " + items[n].length
                        + " tokens, item 0 has " + items[0].length);
            }
            if (EvalSets.inductionQueries(items[n]).size() == 0) {
                throw new IllegalArgumentException("probe " + id + ": item " + n + " of " + items.length + " has no "
                        + "induction position (no token occurs twice), so f is undefined; the probe needs sequences "
                        + "with repeats");
            }
        }
    }

    /** Per-item probe values [B] (differentiable) from the forward's logits [B,T,V] and taps. */
    NDArray values(NDArray logits, Taps taps, int[][] items) {
        int b = items.length;
        int t = items[0].length;
        NDManager m = logits.getManager();
        DataType dt = logits.getDataType();
        if (id.equals("ind_attn")) {
            double[] w = new double[b * t * t];
            for (int n = 0; n < b; n++) {
                EvalSets.InductionQueries q = queries(items[n]);
                for (int k = 0; k < q.size(); k++) {
                    w[(n * t + q.positions()[k]) * t + q.targets()[k]] = 1.0 / q.size();
                }
            }
            NDArray att = taps.attention(layer).get(new NDIndex(":, {}", head)); // [B,T,T]
            NDArray weights = m.create(w, new Shape(b, t, t)).toType(dt, false);
            return att.mul(weights).sum(new int[] {1, 2});
        }
        double[] w = new double[b * t];
        int[] tokens = new int[b * t];
        for (int n = 0; n < b; n++) {
            EvalSets.InductionQueries q = queries(items[n]);
            for (int k = 0; k < q.size(); k++) {
                int i = q.positions()[k];
                w[n * t + i] = 1.0 / q.size();
                tokens[n * t + i] = items[n][q.targets()[k]];
            }
        }
        NDArray logp = logits.logSoftmax(-1).gather(m.create(tokens, new Shape(b, t, 1))
                .toType(DataType.INT64, false), -1).squeeze(-1); // [B,T]
        return logp.mul(m.create(w, new Shape(b, t)).toType(dt, false)).sum(new int[] {1});
    }

    private static EvalSets.InductionQueries queries(int[] tokens) {
        EvalSets.InductionQueries q = EvalSets.inductionQueries(tokens);
        if (q.size() == 0) {
            throw new IllegalArgumentException("probe item has no repeated token");
        }
        return q;
    }
}
