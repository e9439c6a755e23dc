package mda.engine.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import mda.engine.model.ModelConfig;
import mda.engine.model.NeoxModel;
import mda.engine.model.Taps;

/**
 * Measures every head metric of §2 on a model at one checkpoint: runs the fixed evaluation sets through the model
 * with attention and head-output taps and hands the patterns to {@link HeadMetrics}, {@link CopyingScore} and
 * {@link IclScore}. All math lives in those classes; this one only moves arrays.
 */
public final class CheckpointProbe {
    private static final int BATCH = 16;
    private static final int COPY_TOP_K = 5;

    private final EvalData eval;

    public CheckpointProbe(EvalData eval) {
        this.eval = eval;
    }

    public EvalData eval() {
        return eval;
    }

    /** All metrics of {@code model} at {@code step}. */
    public CheckpointMetrics measure(NeoxModel model, long step) {
        ModelConfig cfg = model.config();
        if (cfg.layers() < 2) {
            throw new IllegalArgumentException("induction analyses need at least 2 layers; this model has "
                    + cfg.layers());
        }
        Map<String, double[][]> means = new LinkedHashMap<>();
        Map<String, double[][][]> perSeq = new LinkedHashMap<>();

        RrtPass longPass = rrtPass(model, eval.rrt(), true);
        RrtPass shortPass = rrtPass(model, eval.rrtShort(), false);
        put(means, perSeq, MetricKind.INDUCTION, longPass.induction);
        put(means, perSeq, MetricKind.INDUCTION_SHORT, shortPass.induction);
        put(means, perSeq, MetricKind.PREV_TOKEN, longPass.prev);
        put(means, perSeq, MetricKind.DUP_TOKEN, longPass.dup);
        put(means, perSeq, MetricKind.COPY_EMP, longPass.copy);
        means.put(MetricKind.COPY_OV, ovCopying(model));

        Map<String, Double> run = new HashMap<>();
        double[] icl = new double[0];
        double[] curve = new double[0];
        if (eval.natural().length > 0) {
            NaturalPass nt = naturalPass(model);
            put(means, perSeq, MetricKind.PREV_TOKEN_NT, nt.prev);
            IclScore.Result r = IclScore.compute(nt.losses);
            icl = r.gain();
            curve = r.lossCurve();
            run.put(MetricKind.ICL_GAIN, r.meanGain());
            double sum = 0;
            for (double v : curve) {
                sum += v;
            }
            run.put(MetricKind.NT_LOSS, sum / curve.length);
        }
        return new CheckpointMetrics(step, means, perSeq, run, icl, curve);
    }

    private static void put(Map<String, double[][]> means, Map<String, double[][][]> perSeq, String kind,
            double[][][] values) {
        perSeq.put(kind, values);
        double[][] m = new double[values.length][];
        for (int l = 0; l < values.length; l++) {
            m[l] = new double[values[l].length];
            for (int h = 0; h < values[l].length; h++) {
                m[l][h] = HeadMetrics.mean(values[l][h]);
            }
        }
        means.put(kind, m);
    }

    /** Per-head per-sequence values of one RRT set: [layer][head][seq]. */
    private static final class RrtPass {
        double[][][] induction;
        double[][][] prev;
        double[][][] dup;
        double[][][] copy;
    }

    private RrtPass rrtPass(NeoxModel model, int[][] seqs, boolean withCopying) {
        ModelConfig cfg = model.config();
        int layers = cfg.layers();
        int heads = cfg.heads();
        int n = seqs.length;
        int t = seqs[0].length;
        RrtPass out = new RrtPass();
        out.induction = new double[layers][heads][n];
        out.prev = new double[layers][heads][n];
        out.dup = new double[layers][heads][n];
        out.copy = withCopying ? new double[layers][heads][n] : null;
        int bos = eval.bos() ? 1 : 0;
        int r = (t - bos) / 2;
        for (int start = 0; start < n; start += BATCH) {
            int b = Math.min(BATCH, n - start);
            int[][] batch = new int[b][];
            System.arraycopy(seqs, start, batch, 0, b);
            try (NDManager m = model.manager().newSubManager()) {
                Taps taps = new Taps().recordAttention(true).recordHeadOutputs(withCopying)
                        .recordFinalLnScale(withCopying);
                NDArray ids = m.create(flatten(batch), new ai.djl.ndarray.types.Shape(b, t));
                model.forward(ids, taps);
                for (int l = 0; l < layers; l++) {
                    float[] all = taps.attention(l).toFloatArray(); // [b,H,t,t]
                    for (int h = 0; h < heads; h++) {
                        float[] att = headSlice(all, b, heads, h, t);
                        copyInto(out.induction[l][h], start, HeadMetrics.induction(att, batch));
                        copyInto(out.prev[l][h], start, HeadMetrics.previousToken(att, batch, eval.bos()));
                        copyInto(out.dup[l][h], start, HeadMetrics.duplicateToken(att, batch));
                    }
                    if (withCopying) {
                        empiricalCopying(model, taps, l, batch, bos, r, start, out.copy[l]);
                    }
                }
            }
        }
        return out;
    }

    /**
     * §2.4.2: the head's direct logit contribution U·(Wo_h z_h,i)/σ_f,i at second-copy positions, and whether the
     * induction target ranks in its top 5.
     */
    private static void empiricalCopying(NeoxModel model, Taps taps, int layer, int[][] batch, int bos, int r,
            int start, double[][] out) {
        ModelConfig cfg = model.config();
        int dh = cfg.headDim();
        int b = batch.length;
        NDArray z = taps.headOutputs(layer); // [b,t,d]
        NDArray scale = taps.finalLnScale(); // [b,t]
        NDArray dense = model.param("gpt_neox.layers." + layer + ".attention.dense.weight"); // [d,d]
        NDArray unembed = model.param("embed_out.weight"); // [V,d]
        int q0 = bos + r; // second copy: queries q0..q0+r-1, target of query q0+k is bos+k+1
        int queries = r;
        int[] targets = new int[b * queries];
        for (int s = 0; s < b; s++) {
            for (int k = 0; k < queries; k++) {
                int targetPos = bos + k + 1;
                targets[s * queries + k] = batch[s][targetPos];
            }
        }
        NDManager m = z.getManager();
        NDArray tgt = m.create(targets, new ai.djl.ndarray.types.Shape(b, queries, 1)).toType(DataType.INT64, false);
        NDArray zq = z.get(new NDIndex(":, {}:{}", q0, q0 + queries));
        NDArray sq = scale.get(new NDIndex(":, {}:{}", q0, q0 + queries)).expandDims(-1);
        for (int h = 0; h < cfg.heads(); h++) {
            NDArray zh = zq.get(new NDIndex("..., {}:{}", h * dh, (h + 1) * dh)); // [b,q,dh]
            NDArray woh = dense.get(m, new NDIndex(":, {}:{}", h * dh, (h + 1) * dh)); // [d,dh]
            NDArray resid = zh.matMul(woh.transpose()).mul(sq); // [b,q,d]
            NDArray logits = resid.matMul(unembed.transpose()); // [b,q,V]
            NDArray targetLogit = logits.gather(tgt, -1); // [b,q,1]
            float[] above = logits.gt(targetLogit).toType(DataType.FLOAT32, false).sum(new int[] {2}).toFloatArray();
            for (int s = 0; s < b; s++) {
                int hits = 0;
                for (int k = 0; k < queries; k++) {
                    if (above[s * queries + k] < COPY_TOP_K) {
                        hits++;
                    }
                }
                out[h][start + s] = hits / (double) queries;
            }
        }
    }

    /** Held-out natural text: per-position losses and the previous-token score. */
    private static final class NaturalPass {
        double[][] losses;
        double[][][] prev;
    }

    private NaturalPass naturalPass(NeoxModel model) {
        ModelConfig cfg = model.config();
        int[][] seqs = eval.natural();
        int n = seqs.length;
        int t = seqs[0].length - 1;
        NaturalPass out = new NaturalPass();
        out.losses = new double[n][t];
        out.prev = new double[cfg.layers()][cfg.heads()][n];
        for (int start = 0; start < n; start += BATCH) {
            int b = Math.min(BATCH, n - start);
            int[][] inputs = new int[b][];
            int[] in = new int[b * t];
            int[] tg = new int[b * t];
            for (int s = 0; s < b; s++) {
                int[] w = seqs[start + s];
                inputs[s] = java.util.Arrays.copyOf(w, t);
                System.arraycopy(w, 0, in, s * t, t);
                System.arraycopy(w, 1, tg, s * t, t);
            }
            try (NDManager m = model.manager().newSubManager()) {
                Taps taps = new Taps().recordAttention(true);
                NDArray ids = m.create(in, new ai.djl.ndarray.types.Shape(b, t));
                NDArray targets = m.create(tg, new ai.djl.ndarray.types.Shape(b, t));
                NDArray logits = model.forward(ids, taps);
                float[] losses = NeoxModel.tokenLosses(logits, targets).toFloatArray();
                for (int s = 0; s < b; s++) {
                    for (int i = 0; i < t; i++) {
                        out.losses[start + s][i] = losses[s * t + i];
                    }
                }
                for (int l = 0; l < cfg.layers(); l++) {
                    float[] all = taps.attention(l).toFloatArray();
                    for (int h = 0; h < cfg.heads(); h++) {
                        float[] att = headSlice(all, b, cfg.heads(), h, t);
                        copyInto(out.prev[l][h], start, HeadMetrics.previousToken(att, inputs, false));
                    }
                }
            }
        }
        return out;
    }

    /** §2.4.1 OV eigenvalue score of every head, from the weights alone. */
    private static double[][] ovCopying(NeoxModel model) {
        ModelConfig cfg = model.config();
        int d = cfg.dModel();
        int dh = cfg.headDim();
        double[][] out = new double[cfg.layers()][cfg.heads()];
        try (NDManager m = model.manager().newSubManager()) {
            NDArray e = model.param("gpt_neox.embed_in.weight");
            NDArray u = model.param("embed_out.weight");
            double[][] etu = toMatrix(e.transpose().matMul(u).toFloatArray(), d, d);
            for (int l = 0; l < cfg.layers(); l++) {
                String p = "gpt_neox.layers." + l + ".attention.";
                float[] qkv = model.param(p + "query_key_value.weight").toFloatArray(); // [3d,d]
                float[] dense = model.param(p + "dense.weight").toFloatArray(); // [d,d]
                for (int h = 0; h < cfg.heads(); h++) {
                    double[][] wv = new double[dh][d];
                    int vRow = 3 * h * dh + 2 * dh;
                    for (int i = 0; i < dh; i++) {
                        for (int j = 0; j < d; j++) {
                            wv[i][j] = qkv[(vRow + i) * d + j];
                        }
                    }
                    double[][] wo = new double[d][dh];
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < dh; j++) {
                            wo[i][j] = dense[i * d + h * dh + j];
                        }
                    }
                    out[l][h] = CopyingScore.ovEigen(wv, wo, etu);
                }
            }
        }
        return out;
    }

    private static double[][] toMatrix(float[] flat, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = flat[i * cols + j];
            }
        }
        return a;
    }

    private static float[] headSlice(float[] all, int b, int heads, int h, int t) {
        float[] att = new float[b * t * t];
        int block = t * t;
        for (int s = 0; s < b; s++) {
            System.arraycopy(all, (s * heads + h) * block, att, s * block, block);
        }
        return att;
    }

    private static void copyInto(double[] dst, int offset, double[] src) {
        System.arraycopy(src, 0, dst, offset, src.length);
    }

    private static int[] flatten(int[][] rows) {
        int t = rows[0].length;
        int[] flat = new int[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * t, t);
        }
        return flat;
    }
}
