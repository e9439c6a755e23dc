package mda.engine.attribution;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import mda.engine.model.NeoxModel;
import mda.engine.model.Taps;
import mda.engine.util.SplitMix64;

/**
 * Runs a frozen model with gradient taps on one layer and copies the taps out as {@link LayerTaps} (spec §3.3):
 * real-label sum loss (scoring), sampled-label sum loss (true-Fisher fitting, §3.5) or a probe (§3.4).
 * Parameters must not require gradient, so the backward pass stops at the tapped layer.
 */
public final class HeadGradients {
    private final NeoxModel model;
    private final int layer;
    private final boolean dense;

    /**
     * @param dense whether to copy the dense (O block) taps too; needed in qkvo mode
     */
    public HeadGradients(NeoxModel model, int layer, boolean dense) {
        if (layer < 0 || layer >= model.config().layers()) {
            throw new IllegalArgumentException("layer " + layer + " does not exist in a " + model.config().layers()
                    + "-layer model");
        }
        this.model = model;
        this.layer = layer;
        this.dense = dense;
    }

    /** A sub-manager of the model's, for device arrays that live across batches (close it when done). */
    ai.djl.ndarray.NDManager newManager() {
        return model.manager().newSubManager();
    }

    /** Taps and per-sample summed loss of {@code Σ_n Σ_t −log p(x_{t+1})} for windows of T+1 tokens. */
    public Result realLabel(int[][] windows) {
        return run(windows, null);
    }

    /** Taps of {@code Σ_n Σ_t −log p(y_t)} with each y_t drawn from the model's own predictive distribution. */
    public Result sampledLabel(int[][] windows, SplitMix64 labels) {
        return run(windows, labels);
    }

    /** Taps of the probe's summed value over the items (the caller scales by 1/#items), and each item's value. */
    public Result probe(Probe probe, int[][] items) {
        probe.requireInductionPositions(items);
        int b = items.length;
        int t = items[0].length;
        try (NDManager m = model.manager().newSubManager()) {
            Taps taps = new Taps().gradientTapLayer(layer).recordAttention(probe.needsAttention());
            NDArray values;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray ids = m.create(flatten(items, 0, t), new Shape(b, t));
                NDArray logits = model.forward(ids, taps);
                values = probe.values(logits, taps, items);
                gc.backward(values.sum());
            }
            return new Result(copy(taps, b, t), toDoubles(values));
        }
    }

    /**
     * The sampled-label pass of {@link #sampledLabel(int[][], SplitMix64)} without copying the taps to the host:
     * {@code sink} reads them on the device (for example to form the batch's factor sums) before the batch's
     * arrays are freed. This is the fitting path (spec §3.5): no host copy of the B·T·d taps at all.
     */
    public <R> R sampledLabel(int[][] windows, SplitMix64 labels, java.util.function.Function<DeviceTaps, R> sink) {
        return run(windows, labels, (taps, losses, b, t) -> sink.apply(deviceTaps(taps, b, t)));
    }

    private Result run(int[][] windows, SplitMix64 labels) {
        return run(windows, labels, (taps, losses, b, t) -> new Result(copy(taps, b, t), toDoubles(losses)));
    }

    private interface BatchSink<R> {
        R accept(Taps taps, NDArray losses, int batch, int seqLen);
    }

    /**
     * One forward with taps, then the backward of the summed loss started at the logits with its gradient written
     * out, {@code ∂/∂logits Σ −log p(y) = p − e_y}: the probabilities serve the sampled labels, the loss values and
     * the gradient alike, and autograd never sees the log-softmax over the vocabulary.
     */
    private <R> R run(int[][] windows, SplitMix64 labels, BatchSink<R> sink) {
        int b = windows.length;
        int t = windows[0].length - 1;
        for (int[] w : windows) {
            if (w.length != t + 1) {
                throw new IllegalArgumentException("all windows must have " + (t + 1) + " tokens, got " + w.length);
            }
        }
        try (NDManager m = model.manager().newSubManager()) {
            Taps taps = new Taps().gradientTapLayer(layer);
            NDArray losses;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray ids = m.create(flatten(windows, 0, t), new Shape(b, t));
                NDArray logits = model.forward(ids, taps);
                NDArray logp = logits.stopGradient().logSoftmax(-1);
                NDArray p = logp.exp();
                NDArray targets = (labels == null ? m.create(flatten(windows, 1, t), new Shape(b, t))
                        .toType(DataType.INT64, false) : LabelSampler.sample(p, labels)).expandDims(-1);
                NDArray picked = logp.gather(targets, -1); // log p(y), [B,T,1]
                losses = picked.squeeze(-1).neg().sum(new int[] {1});
                NDArray dLogits = p.scatter(targets, picked.exp().sub(1), 2);
                if (logits instanceof PtNDArray && dLogits instanceof PtNDArray) {
                    JniUtils.backward((PtNDArray) logits, (PtNDArray) dLogits, false, false);
                } else {
                    gc.backward(logits.mul(dLogits).sum()); // same gradient on another engine
                }
            }
            return sink.accept(taps, losses, b, t);
        }
    }

    private DeviceTaps deviceTaps(Taps taps, int b, int t) {
        return new DeviceTaps(b, t, taps.qkvInput(), taps.qkvOutputGrad(), dense ? taps.denseInput() : null,
                dense ? taps.denseOutputGrad() : null);
    }

    private LayerTaps copy(Taps taps, int b, int t) {
        int d = model.config().dModel();
        return new LayerTaps(b, t, d, floats(taps.qkvInput()), floats(taps.qkvOutputGrad()),
                dense ? floats(taps.denseInput()) : null, dense ? floats(taps.denseOutputGrad()) : null);
    }

    private static float[] floats(NDArray a) {
        if (a.getDataType() == DataType.FLOAT32) {
            return a.toFloatArray();
        }
        try (NDArray f = a.toType(DataType.FLOAT32, false)) {
            return f.toFloatArray();
        }
    }

    private static double[] toDoubles(NDArray a) {
        try (NDArray f = a.toType(DataType.FLOAT64, false)) {
            return f.toDoubleArray();
        }
    }

    /** Columns [from, from+t) of each row, row-major. */
    static int[] flatten(int[][] rows, int from, int t) {
        int[] out = new int[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], from, out, i * t, t);
        }
        return out;
    }

    /**
     * Taps of one batch and one value per sequence: the summed loss (real or sampled labels) or the probe value.
     */
    public record Result(LayerTaps taps, double[] values) {
    }

    /**
     * The tap arrays of one batch on the device, valid only inside the callback that receives them: LN1 output
     * [B,T,d], dF/dQKV [B,T,3d], and in qkvo mode Z [B,T,d] and dF/dY_attn [B,T,d] (null otherwise).
     */
    public record DeviceTaps(int batch, int seqLen, NDArray qkvInput, NDArray qkvOutputGrad, NDArray denseInput,
                             NDArray denseOutputGrad) {
    }
}
