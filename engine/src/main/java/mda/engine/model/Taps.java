package mda.engine.model;

import ai.djl.ndarray.NDArray;
import java.util.HashMap;
import java.util.Map;

/**
 * What one {@link NeoxModel#forward} call should record (algorithm doc §3.3). Fill it before the call, read it after.
 * Recorded arrays belong to the manager of the forward's input ids, so they live as long as the caller's step scope.
 *
 * <p>Gradient taps: for {@link #gradientTapLayer(int) layer l} the forward adds zero tensors that require gradient
 * to the QKV pre-activation output {@code A W_qkvᵀ + b_qkv} ([B,T,3d], HF row order, heads outermost) and to
 * {@code Y_attn = Z W_denseᵀ + b_dense} ([B,T,d]). After the caller's backward (inside a GradientCollector),
 * their gradients are g_t, and {@code Σ_t g_t a_tᵀ} is the weight gradient, with a_t = {@link #qkvInput()}
 * (LN1 output) or {@link #denseInput()} (Z, the concatenated head outputs).
 */
public final class Taps {
    private boolean attention;
    private boolean headOutputs;
    private boolean finalScale;
    private int tapLayer = -1;

    private final Map<Integer, NDArray> attentionByLayer = new HashMap<>();
    private final Map<Integer, NDArray> headOutputsByLayer = new HashMap<>();
    private NDArray qkvTap;
    private NDArray denseTap;
    private NDArray qkvIn;
    private NDArray denseIn;
    private NDArray finalLnScale;

    /** Record every layer's attention pattern [B,H,T,T] (row = query, column = key). */
    public Taps recordAttention(boolean on) {
        this.attention = on;
        return this;
    }

    /** Record every layer's Z [B,T,d] before the dense projection; column h·dh+i belongs to head h. */
    public Taps recordHeadOutputs(boolean on) {
        this.headOutputs = on;
        return this;
    }

    /** Record the final LayerNorm's per-position 1/sqrt(var + eps), [B,T]. */
    public Taps recordFinalLnScale(boolean on) {
        this.finalScale = on;
        return this;
    }

    /** Put gradient taps on layer {@code layer} (−1 for none). */
    public Taps gradientTapLayer(int layer) {
        if (layer < -1) {
            throw new IllegalArgumentException("gradient tap layer must be -1 (none) or a layer index, got " + layer);
        }
        this.tapLayer = layer;
        return this;
    }

    public int gradientTapLayer() {
        return tapLayer;
    }

    boolean recordsAttention() {
        return attention;
    }

    boolean recordsHeadOutputs() {
        return headOutputs;
    }

    boolean recordsFinalLnScale() {
        return finalScale;
    }

    /** Forgets what the last forward recorded (the settings stay). Does not close arrays: their manager does. */
    public void clear() {
        attentionByLayer.clear();
        headOutputsByLayer.clear();
        qkvTap = null;
        denseTap = null;
        qkvIn = null;
        denseIn = null;
        finalLnScale = null;
    }

    void putAttention(int layer, NDArray a) {
        attentionByLayer.put(layer, a);
    }

    void putHeadOutputs(int layer, NDArray z) {
        headOutputsByLayer.put(layer, z);
    }

    void putQkvTap(NDArray tap, NDArray input) {
        this.qkvTap = tap;
        this.qkvIn = input;
    }

    void putDenseTap(NDArray tap, NDArray input) {
        this.denseTap = tap;
        this.denseIn = input;
    }

    void putFinalLnScale(NDArray s) {
        this.finalLnScale = s;
    }

    /** Attention pattern of {@code layer}, [B,H,T,T]. */
    public NDArray attention(int layer) {
        return need(attentionByLayer.get(layer), "attention of layer " + layer, "recordAttention(true)");
    }

    /** Z of {@code layer} before the dense projection, [B,T,d]. */
    public NDArray headOutputs(int layer) {
        return need(headOutputsByLayer.get(layer), "head outputs of layer " + layer, "recordHeadOutputs(true)");
    }

    /** The zero tap added to the QKV pre-activation output, [B,T,3d]; it requires gradient. */
    public NDArray qkvTap() {
        return need(qkvTap, "QKV tap", "gradientTapLayer(l)");
    }

    /** The zero tap added to Y_attn, [B,T,d]; it requires gradient. */
    public NDArray denseTap() {
        return need(denseTap, "dense tap", "gradientTapLayer(l)");
    }

    /** g_t of the QKV block, [B,T,3d] (dL/d pre-rotary QKV); valid after backward. */
    public NDArray qkvOutputGrad() {
        return qkvTap().getGradient();
    }

    /** g_t of the dense block, [B,T,d] (dL/dY_attn); valid after backward. */
    public NDArray denseOutputGrad() {
        return denseTap().getGradient();
    }

    /** a_t of the QKV block: the LN1 output of the tapped layer, [B,T,d]. */
    public NDArray qkvInput() {
        return need(qkvIn, "QKV input", "gradientTapLayer(l)");
    }

    /** a_t of the dense block: Z of the tapped layer, [B,T,d]. */
    public NDArray denseInput() {
        return need(denseIn, "dense input", "gradientTapLayer(l)");
    }

    /** Final LayerNorm 1/σ per position, [B,T]. */
    public NDArray finalLnScale() {
        return need(finalLnScale, "final LayerNorm scale", "recordFinalLnScale(true)");
    }

    private static NDArray need(NDArray a, String what, String how) {
        if (a == null) {
            throw new IllegalStateException(what + " was not recorded: call " + how + " before forward");
        }
        return a;
    }
}
