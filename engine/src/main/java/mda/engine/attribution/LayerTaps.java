package mda.engine.attribution;

/**
 * The gradient taps of one layer for a batch, copied out of NDArrays (row-major, as {@code toFloatArray} gives them).
 * Gradients must come from a <b>sum</b>-reduced objective (spec §3.3): sum of sample losses for fitting and scoring,
 * the probe f itself for the probe gradient. If the loss was mean-reduced, scale the gradients by B·T first.
 *
 * @param batch B
 * @param seqLen T
 * @param dModel d
 * @param qkvInput LN1 output A, [B][T][d]
 * @param qkvOutputGrad dF/d(fused QKV pre-activation, before rotary), [B][T][3d], head h at columns [3h·dh, 3(h+1)·dh)
 * @param denseInput attention output Z before the dense projection, [B][T][d]; may be null in qk mode
 * @param denseOutputGrad dF/dY_attn, [B][T][d]; may be null in qk mode
 */
public record LayerTaps(int batch, int seqLen, int dModel, float[] qkvInput, float[] qkvOutputGrad,
                        float[] denseInput, float[] denseOutputGrad) {
    public LayerTaps {
        if (batch <= 0 || seqLen <= 0 || dModel <= 0) {
            throw new IllegalArgumentException("batch, seqLen and dModel must be positive, got "
                    + batch + ", " + seqLen + ", " + dModel);
        }
        long bt = (long) batch * seqLen;
        check("qkvInput", qkvInput, bt * dModel, false);
        check("qkvOutputGrad", qkvOutputGrad, bt * 3 * dModel, false);
        check("denseInput", denseInput, bt * dModel, true);
        check("denseOutputGrad", denseOutputGrad, bt * dModel, true);
    }

    private static void check(String name, float[] x, long expected, boolean optional) {
        if (x == null) {
            if (!optional) {
                throw new IllegalArgumentException(name + " must not be null");
            }
            return;
        }
        if (x.length != expected) {
            throw new IllegalArgumentException(name + " has " + x.length + " values, expected " + expected);
        }
    }
}
