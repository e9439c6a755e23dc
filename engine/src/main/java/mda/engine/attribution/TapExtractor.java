package mda.engine.attribution;

import org.ejml.data.DMatrixRMaj;

/**
 * Cuts one sample's block inputs a_t and output gradients g_t out of a layer's tap arrays (spec §3.2, §3.3).
 * QK takes qkv columns [3h·dh, 3h·dh+2dh), V takes [3h·dh+2dh, 3(h+1)·dh), both with input LN1(X)_t (plus the
 * homogeneous 1 when biases are included); O takes Z columns [h·dh, (h+1)·dh) as input and all of dF/dY_attn.
 */
public final class TapExtractor {
    private TapExtractor() {
    }

    /** Extracts {@code block} of {@code slice} for sample {@code sample} of the batch. */
    public static BlockData extract(HeadSlice slice, Block block, LayerTaps taps, int sample) {
        if (!slice.blocks().contains(block)) {
            throw new IllegalArgumentException("block " + block + " is not part of mode " + slice.mode());
        }
        if (taps.dModel() != slice.dModel()) {
            throw new IllegalArgumentException("taps have dModel " + taps.dModel() + ", slice has " + slice.dModel());
        }
        if (sample < 0 || sample >= taps.batch()) {
            throw new IllegalArgumentException("sample must be in [0, " + taps.batch() + "), got " + sample);
        }
        int d = slice.dModel();
        int dh = slice.headDim();
        int t = taps.seqLen();
        return switch (block) {
            case QK, V -> {
                int col = slice.qkvColumn() + (block == Block.QK ? 0 : 2 * dh);
                DMatrixRMaj a = rows(taps.qkvInput(), sample, t, d, 0, d, slice.withBias());
                DMatrixRMaj g = rows(taps.qkvOutputGrad(), sample, t, 3 * d, col, slice.dOut(block), false);
                yield new BlockData(block, a, g);
            }
            case O -> {
                if (taps.denseInput() == null || taps.denseOutputGrad() == null) {
                    throw new IllegalArgumentException("block O needs denseInput and denseOutputGrad taps");
                }
                DMatrixRMaj a = rows(taps.denseInput(), sample, t, d, slice.head() * dh, dh, false);
                DMatrixRMaj g = rows(taps.denseOutputGrad(), sample, t, d, 0, d, false);
                yield new BlockData(block, a, g);
            }
        };
    }

    /** Copies columns [col, col+width) of each row of sample {@code n} from a [B][T][rowWidth] array. */
    private static DMatrixRMaj rows(float[] src, int n, int t, int rowWidth, int col, int width, boolean appendOne) {
        int outWidth = appendOne ? width + 1 : width;
        DMatrixRMaj out = new DMatrixRMaj(t, outWidth);
        double[] dst = out.data;
        for (int p = 0; p < t; p++) {
            int from = ((n * t) + p) * rowWidth + col;
            int to = p * outWidth;
            for (int i = 0; i < width; i++) {
                dst[to + i] = src[from + i];
            }
            if (appendOne) {
                dst[to + width] = 1.0;
            }
        }
        return out;
    }
}
