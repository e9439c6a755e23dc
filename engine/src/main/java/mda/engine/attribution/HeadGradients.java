package mda.engine.attribution;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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

    private Result run(int[][] windows, SplitMix64 labels) {
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
                int[] targets = labels == null ? flatten(windows, 1, t) : sample(logits, labels);
                losses = NeoxModel.tokenLosses(logits, m.create(targets, new Shape(b, t))).sum(new int[] {1});
                gc.backward(losses.sum());
            }
            return new Result(copy(taps, b, t), toDoubles(losses));
        }
    }

    /**
     * Draws y ~ softmax(logits) per position by inverse CDF on the stream's uniforms (row-major order): y is the
     * number of cumulative probabilities ≤ u, computed on the device in float64 so that only the labels come back
     * (copying the B·T·V probabilities out dominated fitting at vocabulary 4096).
     */
    private static int[] sample(NDArray logits, SplitMix64 rng) {
        Shape s = logits.getShape();
        int v = Math.toIntExact(s.get(2));
        int rows = Math.toIntExact(s.get(0) * s.get(1));
        double[] u = new double[rows];
        for (int r = 0; r < rows; r++) {
            u[r] = rng.nextDouble();
        }
        try (NDManager m = logits.getManager().newSubManager()) {
            NDArray cdf = logits.softmax(-1).toType(DataType.FLOAT64, false).reshape(rows, v).cumSum(1);
            NDArray below = cdf.lte(m.create(u, new Shape(rows, 1))).toType(DataType.INT32, false).sum(new int[] {1});
            int[] out = below.toType(DataType.INT32, false).toIntArray();
            for (int r = 0; r < rows; r++) {
                out[r] = Math.min(out[r], v - 1);
            }
            return out;
        }
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
}
