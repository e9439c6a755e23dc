package mda.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mda.engine.util.SplitMix64;

/**
 * A GPT-NeoX language model as plain NDArray functions over HF-named parameters (algorithm doc §1.2–1.4):
 * parallel residual, LayerNorm, partial half-split rotary, causal softmax attention, exact GELU MLP (optional),
 * final LayerNorm and an untied, bias-free unembedding.
 *
 * <p>The model owns one NDManager (a child of the one given at creation) holding the parameters and the cached
 * rotary/mask tables. Everything {@link #forward} computes belongs to the manager of the input ids, so a caller
 * that runs each step in its own sub-manager or NDScope leaks nothing into the model.
 * Parameters are FLOAT32 by default; FLOAT64 models serve as numerical oracles.
 */
public final class NeoxModel implements AutoCloseable {
    private final ModelConfig cfg;
    private final NDManager manager;
    private final DataType dtype;
    private final LinkedHashMap<String, NDArray> params;
    /** T -> {cos [T,r], sin [T,r], additive causal mask [T,T]}; owned by the model manager. */
    private final Map<Integer, NDArray[]> tables = new HashMap<>();
    private NDArray attentionScale;

    private NeoxModel(ModelConfig cfg, NDManager manager, DataType dtype, LinkedHashMap<String, NDArray> params) {
        this.cfg = cfg;
        this.manager = manager;
        this.dtype = dtype;
        this.params = params;
        // A caller's NDScope must not close the model's parameters when it ends.
        params.values().forEach(NDScope::unregister);
    }

    /** NeoX init in FLOAT32; see {@link #init(ModelConfig, long, NDManager, DataType)}. */
    public static NeoxModel init(ModelConfig cfg, long seed, NDManager parent) {
        return init(cfg, seed, parent, DataType.FLOAT32);
    }

    /**
     * A fresh model (§1.4): "neox" style draws linear weights and both embeddings from N(0, 2/(5d)) and the output
     * projections (dense, dense_4h_to_h) from N(0, (2/(L·sqrt d))²); "hf" style uses N(0, 0.02²) for all weights.
     * Biases and LN β are 0, LN γ is 1. Draws come from {@code SplitMix64.stream(seed, INIT)} in canonical
     * parameter order, so the same seed gives bit-identical weights.
     *
     * @param dtype FLOAT32 or FLOAT64
     */
    public static NeoxModel init(ModelConfig cfg, long seed, NDManager parent, DataType dtype) {
        checkDtype(dtype);
        SplitMix64 rng = SplitMix64.stream(seed, SplitMix64.Stream.INIT);
        boolean neox = cfg.initStyle().equals("neox");
        double small = neox ? Math.sqrt(2.0 / (5.0 * cfg.dModel())) : 0.02;
        double wang = neox ? 2.0 / (cfg.layers() * Math.sqrt(cfg.dModel())) : 0.02;
        NDManager m = parent.newSubManager();
        LinkedHashMap<String, NDArray> p = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : NeoxNames.shapes(cfg).entrySet()) {
            String name = e.getKey();
            double[] v = new double[Math.toIntExact(e.getValue().size())];
            if (name.endsWith("layernorm.weight") || name.equals(NeoxNames.FINAL_LN_WEIGHT)) {
                Arrays.fill(v, 1.0);
            } else if (name.endsWith(".weight") && !name.contains("layer_norm")) {
                double sigma = name.endsWith("attention.dense.weight") || name.endsWith("dense_4h_to_h.weight")
                        ? wang : small;
                for (int i = 0; i < v.length; i++) {
                    v[i] = sigma * rng.nextGaussian();
                }
            }
            p.put(name, Rotary.create(m, v, e.getValue(), dtype));
        }
        return new NeoxModel(cfg, m, dtype, p);
    }

    /**
     * A model over the given arrays, which it takes over (they move to the model's manager). Every parameter of
     * {@link NeoxNames#shapes} must be present with its exact shape, one dtype (FLOAT32 or FLOAT64) and finite values.
     */
    public static NeoxModel fromArrays(ModelConfig cfg, Map<String, NDArray> arrays, NDManager parent) {
        NDArray first = arrays.get(NeoxNames.EMBED_IN);
        if (first == null) {
            throw new IllegalArgumentException("missing parameter " + NeoxNames.EMBED_IN);
        }
        DataType dt = first.getDataType();
        checkDtype(dt);
        LinkedHashMap<String, NDArray> p = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : NeoxNames.shapes(cfg).entrySet()) {
            NDArray a = arrays.get(e.getKey());
            if (a == null) {
                throw new IllegalArgumentException("missing parameter " + e.getKey());
            }
            if (!a.getShape().equals(e.getValue())) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " has shape " + a.getShape()
                        + ", expected " + e.getValue());
            }
            if (a.getDataType() != dt) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " is " + a.getDataType()
                        + " but " + NeoxNames.EMBED_IN + " is " + dt);
            }
            p.put(e.getKey(), a);
        }
        for (String name : arrays.keySet()) {
            if (!p.containsKey(name)) {
                throw new IllegalArgumentException("unexpected parameter " + name + " for this config");
            }
        }
        for (Map.Entry<String, NDArray> e : p.entrySet()) {
            if (!allFinite(e.getValue())) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " contains NaN or infinite values");
            }
        }
        NDManager m = parent.newSubManager();
        for (NDArray a : p.values()) {
            a.attach(m);
        }
        return new NeoxModel(cfg, m, dt, p);
    }

    private static boolean allFinite(NDArray a) {
        try (NDArray nan = a.isNaN(); NDArray inf = a.isInfinite(); NDArray bad = nan.logicalOr(inf);
             NDArray any = bad.any()) {
            return !any.getBoolean();
        }
    }

    private static void checkDtype(DataType dt) {
        if (dt != DataType.FLOAT32 && dt != DataType.FLOAT64) {
            throw new IllegalArgumentException("model dtype must be FLOAT32 or FLOAT64, got " + dt);
        }
    }

    public ModelConfig config() {
        return cfg;
    }

    public DataType dataType() {
        return dtype;
    }

    /** The manager that owns the parameters and cached tables (do not create step work in it). */
    public NDManager manager() {
        return manager;
    }

    public List<String> parameterNames() {
        return List.copyOf(params.keySet());
    }

    public NDArray param(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return a;
    }

    /** All parameters in canonical order (read-only view). */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(params);
    }

    /** Total number of scalar parameters. */
    public int parameterCount() {
        long n = 0;
        for (NDArray a : params.values()) {
            n += a.size();
        }
        return Math.toIntExact(n);
    }

    /** Turns weight gradients on or off for every parameter (off for attribution: taps only). */
    public void setRequiresGradient(boolean on) {
        for (NDArray a : params.values()) {
            a.setRequiresGradient(on);
        }
    }

    /**
     * The accumulated gradient of one parameter, owned by {@code owner}. (DJL's getGradient attaches a new handle to
     * the parameter's manager on every call, which would grow the model's manager each step.)
     */
    public NDArray gradient(String name, NDManager owner) {
        NDArray g = param(name).getGradient();
        g.attach(owner);
        return g;
    }

    /** Sets every parameter gradient to zero in place; DJL accumulates gradients across backward calls. */
    public void zeroGradients() {
        for (NDArray a : params.values()) {
            if (a.hasGradient()) {
                if (a instanceof PtNDArray) {
                    JniUtils.zeroGrad((PtNDArray) a); // in place, and it also clears NaN/inf
                } else {
                    try (NDArray g = a.getGradient()) {
                        g.subi(g);
                    }
                }
            }
        }
    }

    /**
     * Logits [B,T,V] for token ids [B,T] (INT32 or INT64, each in [0, V), T ≤ ctx), in the model's dtype.
     * All intermediates and the result belong to the ids' manager.
     *
     * @param taps what to record, or null
     */
    public NDArray forward(NDArray ids, Taps taps) {
        Shape s = ids.getShape();
        if (s.dimension() != 2 || (ids.getDataType() != DataType.INT32 && ids.getDataType() != DataType.INT64)) {
            throw new IllegalArgumentException("ids must be INT32/INT64 of shape [B,T], got "
                    + ids.getDataType() + " " + s);
        }
        int t = Math.toIntExact(s.get(1));
        if (t < 1 || t > cfg.ctx()) {
            throw new IllegalArgumentException("sequence length " + t + " must lie in [1, ctx=" + cfg.ctx() + "]");
        }
        try (NDArray lo = ids.min(); NDArray hi = ids.max()) {
            long min = lo.toType(DataType.INT64, false).getLong();
            long max = hi.toType(DataType.INT64, false).getLong();
            if (min < 0 || max >= cfg.vocab()) {
                throw new IllegalArgumentException("token ids must lie in [0, " + cfg.vocab() + "), got range ["
                        + min + ", " + max + "]");
            }
        }
        if (taps != null) {
            taps.clear();
            if (taps.gradientTapLayer() >= cfg.layers()) {
                throw new IllegalArgumentException("gradient tap layer " + taps.gradientTapLayer()
                        + " does not exist in a " + cfg.layers() + "-layer model");
            }
        }
        NDArray[] tb = tables(t);
        NDArray x = ids.getNDArrayInternal().embedding(ids, params.get(NeoxNames.EMBED_IN), SparseFormat.DENSE)
                .singletonOrThrow();
        for (int l = 0; l < cfg.layers(); l++) {
            x = layer(l, x, tb, taps);
        }
        NDArray w = params.get(NeoxNames.FINAL_LN_WEIGHT);
        NDArray xf = layerNorm(x, w, params.get(NeoxNames.FINAL_LN_BIAS));
        if (taps != null && taps.recordsFinalLnScale()) {
            NDArray centered = x.sub(x.mean(new int[] {-1}, true));
            taps.putFinalLnScale(centered.square().mean(new int[] {-1}).add(cfg.lnEps()).pow(-0.5));
        }
        return linear(xf, params.get(NeoxNames.EMBED_OUT), null);
    }

    /** One parallel-residual block: x + attn(LN1 x) + mlp(LN2 x). */
    private NDArray layer(int l, NDArray x, NDArray[] tb, Taps taps) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int h = cfg.heads();
        int dh = cfg.headDim();
        boolean tapped = taps != null && taps.gradientTapLayer() == l;
        NDArray a = layerNorm(x, params.get(NeoxNames.ln1Weight(l)), params.get(NeoxNames.ln1Bias(l)));
        NDArray qkv = linear(a, params.get(NeoxNames.qkvWeight(l)), params.get(NeoxNames.qkvBias(l))); // [B,T,3d]
        if (tapped) {
            NDArray tap = x.getManager().zeros(qkv.getShape(), dtype);
            tap.setRequiresGradient(true);
            qkv = qkv.add(tap);
            taps.putQkvTap(tap, a);
        }
        // [B,T,H,3,dh] -> [3,B,H,T,dh]: heads outermost in the fused rows (§1.3).
        NDArray split = qkv.reshape(b, t, h, 3, dh).transpose(3, 0, 2, 1, 4);
        NDArray q = split.get(0);
        NDArray k = split.get(1);
        NDArray v = split.get(2);
        if (cfg.rotaryIn(l)) {
            q = Rotary.apply(q, tb[0], tb[1]);
            k = Rotary.apply(k, tb[0], tb[1]);
        }
        NDArray scores = q.mul(attentionScale()).matMul(k.transpose(0, 1, 3, 2)).add(tb[2]); // [B,H,T,T]
        NDArray att = scores.softmax(-1);
        if (taps != null && taps.recordsAttention()) {
            taps.putAttention(l, att);
        }
        NDArray z = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, cfg.dModel()); // [B,T,d], head-major columns
        if (taps != null && taps.recordsHeadOutputs()) {
            taps.putHeadOutputs(l, z);
        }
        NDArray y = linear(z, params.get(NeoxNames.denseWeight(l)), params.get(NeoxNames.denseBias(l)));
        if (tapped) {
            NDArray tap = x.getManager().zeros(y.getShape(), dtype);
            tap.setRequiresGradient(true);
            y = y.add(tap);
            taps.putDenseTap(tap, z);
        }
        NDArray out = x.add(y);
        if (cfg.hasMlp()) {
            NDArray m = layerNorm(x, params.get(NeoxNames.ln2Weight(l)), params.get(NeoxNames.ln2Bias(l)));
            NDArray hid = gelu(linear(m, params.get(NeoxNames.mlpInWeight(l)), params.get(NeoxNames.mlpInBias(l))));
            out = out.add(linear(hid, params.get(NeoxNames.mlpOutWeight(l)), params.get(NeoxNames.mlpOutBias(l))));
        }
        return out;
    }

    /**
     * 1/√d_h as an array the model keeps. {@code q.mul(double)} would not do: DJL wraps the number in an array whose
     * memory it frees right after the call, while autograd keeps that array for the backward pass, which then reads
     * freed memory (gradients that change with the garbage collector's timing).
     */
    private synchronized NDArray attentionScale() {
        if (attentionScale == null) {
            attentionScale = Rotary.create(manager, new double[] {1.0 / Math.sqrt(cfg.headDim())}, new Shape(), dtype);
            NDScope.unregister(attentionScale);
        }
        return attentionScale;
    }

    /** cos, sin and causal mask for length t, built once in the model's manager and kept out of callers' scopes. */
    private synchronized NDArray[] tables(int t) {
        return tables.computeIfAbsent(t, len -> {
            int r = cfg.rotaryDims();
            NDArray[] cs = r > 0 ? Rotary.tables(manager, len, r, cfg.rotaryBase(), dtype) : new NDArray[2];
            double[] mask = new double[len * len];
            for (int i = 0; i < len; i++) {
                for (int j = i + 1; j < len; j++) {
                    mask[i * len + j] = Double.NEGATIVE_INFINITY;
                }
            }
            NDArray maskArr = Rotary.create(manager, mask, new Shape(len, len), dtype);
            NDArray[] all = {cs[0], cs[1], maskArr};
            for (NDArray a : all) {
                if (a != null) {
                    NDScope.unregister(a);
                }
            }
            return all;
        });
    }

    /** y = x Wᵀ + b (b may be null); the result belongs to x's manager. */
    static NDArray linear(NDArray x, NDArray w, NDArray bias) {
        return x.getNDArrayInternal().linear(x, w, bias).singletonOrThrow();
    }

    /** LayerNorm over the last axis with the population variance. */
    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return x.getNDArrayInternal().layerNorm(x, new Shape(cfg.dModel()), gamma, beta, (float) cfg.lnEps())
                .singletonOrThrow();
    }

    /** Exact (erf) GELU. */
    static NDArray gelu(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }

    /** Per-token −log p(target) [B,T] from logits [B,T,V] and integer targets [B,T]. */
    public static NDArray tokenLosses(NDArray logits, NDArray targets) {
        NDArray tg = targets.getDataType() == DataType.INT64 ? targets : targets.toType(DataType.INT64, false);
        return logits.logSoftmax(-1).gather(tg.expandDims(-1), -1).squeeze(-1).neg();
    }

    /** The mean of {@link #tokenLosses} over all B·T tokens (the training objective, §1.5). */
    public static NDArray meanLoss(NDArray logits, NDArray targets) {
        return tokenLosses(logits, targets).mean();
    }

    /** The sum over all tokens (the per-sample loss of §0.2 summed over the batch; use for taps). */
    public static NDArray sumLoss(NDArray logits, NDArray targets) {
        return tokenLosses(logits, targets).sum();
    }

    /** Frees the parameters and tables. */
    @Override
    public void close() {
        manager.close();
    }
}
