package mda.engine.model;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HF {@code gpt_neox} parameter names and shapes (algorithm doc §1.3). The map order is the canonical parameter
 * order of the model: init draws, checkpoints and optimizer state all follow it.
 */
public final class NeoxNames {
    public static final String EMBED_IN = "gpt_neox.embed_in.weight";
    public static final String FINAL_LN_WEIGHT = "gpt_neox.final_layer_norm.weight";
    public static final String FINAL_LN_BIAS = "gpt_neox.final_layer_norm.bias";
    public static final String EMBED_OUT = "embed_out.weight";

    private NeoxNames() {
    }

    private static String layer(int i, String rest) {
        return "gpt_neox.layers." + i + "." + rest;
    }

    public static String ln1Weight(int i) {
        return layer(i, "input_layernorm.weight");
    }

    public static String ln1Bias(int i) {
        return layer(i, "input_layernorm.bias");
    }

    /** LN2: named "post_attention" for history; with parallel residual it reads the layer input. */
    public static String ln2Weight(int i) {
        return layer(i, "post_attention_layernorm.weight");
    }

    public static String ln2Bias(int i) {
        return layer(i, "post_attention_layernorm.bias");
    }

    /** Fused QKV weight [3d, d]; output row o = h·3dh + c·dh + i with c in {q, k, v} (heads outermost). */
    public static String qkvWeight(int i) {
        return layer(i, "attention.query_key_value.weight");
    }

    public static String qkvBias(int i) {
        return layer(i, "attention.query_key_value.bias");
    }

    /** Attention output projection [d, d]; head h owns columns [h·dh, (h+1)·dh). */
    public static String denseWeight(int i) {
        return layer(i, "attention.dense.weight");
    }

    public static String denseBias(int i) {
        return layer(i, "attention.dense.bias");
    }

    public static String mlpInWeight(int i) {
        return layer(i, "mlp.dense_h_to_4h.weight");
    }

    public static String mlpInBias(int i) {
        return layer(i, "mlp.dense_h_to_4h.bias");
    }

    public static String mlpOutWeight(int i) {
        return layer(i, "mlp.dense_4h_to_h.weight");
    }

    public static String mlpOutBias(int i) {
        return layer(i, "mlp.dense_4h_to_h.bias");
    }

    /** Every parameter of {@code cfg} with its shape, in canonical order; no MLP tensors when {@code dFf == 0}. */
    public static Map<String, Shape> shapes(ModelConfig cfg) {
        long d = cfg.dModel();
        long v = cfg.vocab();
        long f = cfg.dFf();
        Map<String, Shape> m = new LinkedHashMap<>();
        m.put(EMBED_IN, new Shape(v, d));
        for (int i = 0; i < cfg.layers(); i++) {
            m.put(ln1Weight(i), new Shape(d));
            m.put(ln1Bias(i), new Shape(d));
            m.put(ln2Weight(i), new Shape(d));
            m.put(ln2Bias(i), new Shape(d));
            m.put(qkvWeight(i), new Shape(3 * d, d));
            m.put(qkvBias(i), new Shape(3 * d));
            m.put(denseWeight(i), new Shape(d, d));
            m.put(denseBias(i), new Shape(d));
            if (cfg.hasMlp()) {
                m.put(mlpInWeight(i), new Shape(f, d));
                m.put(mlpInBias(i), new Shape(f));
                m.put(mlpOutWeight(i), new Shape(d, f));
                m.put(mlpOutBias(i), new Shape(d));
            }
        }
        m.put(FINAL_LN_WEIGHT, new Shape(d));
        m.put(FINAL_LN_BIAS, new Shape(d));
        m.put(EMBED_OUT, new Shape(v, d));
        return m;
    }
}
