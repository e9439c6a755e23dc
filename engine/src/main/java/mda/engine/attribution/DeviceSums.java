package mda.engine.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * One fitting batch's contribution to the EK-FAC sums, formed on the device from the tap arrays (spec §3.5) so that
 * only d_in² + d_out² (covariance pass) or d_out·d_in (Λ pass) numbers per block come back to the host, where they
 * are added into the float64 running sums in batch order. The head's columns are cut out on the device and the
 * products run in float64: one matrix product per factor for the covariances, one batched product per block for the
 * per-sequence gradients G_n = g_nᵀ a_n, rotated into the eigenbases and squared.
 */
final class DeviceSums {
    private DeviceSums() {
    }

    /** Adds the batch's {@code Σ a aᵀ} and {@code Σ g gᵀ} of every block (A computed once for QK and V). */
    static void addCovariances(HeadSlice slice, HeadGradients.DeviceTaps taps,
            Map<Block, CovarianceAccumulator> acc) {
        long tokens = (long) taps.batch() * taps.seqLen();
        DMatrixRMaj sharedA = null;
        for (Block b : slice.blocks()) {
            DMatrixRMaj aaT = b != Block.O && sharedA != null ? sharedA
                    : gram(input(slice, b, taps).reshape(tokens, slice.dIn(b)));
            if (b != Block.O) {
                sharedA = aaT;
            }
            acc.get(b).addSums(aaT, gram(output(slice, b, taps).reshape(tokens, slice.dOut(b))), tokens,
                    taps.batch());
        }
    }

    /**
     * Adds the batch's {@code Σ_n (Q_Sᵀ G_n Q_A)^{⊙2}} of every block; {@code bases} holds each block's Q_S and Q_A
     * as float64 device arrays (see {@link #bases}).
     */
    static void addLambdas(HeadSlice slice, HeadGradients.DeviceTaps taps, Map<Block, LambdaAccumulator> acc,
            Map<Block, NDArray[]> bases) {
        for (Block b : slice.blocks()) {
            addRotatedSquares(slice, b, sequenceGradients(slice, b, taps), acc, bases, taps.batch());
        }
    }

    /** The batch's per-sequence {@code G_n = g_nᵀ a_n} of every block, copied to the host in float32. */
    static StoredGradients.Batch sequenceGradients(HeadSlice slice, HeadGradients.DeviceTaps taps) {
        List<Block> blocks = slice.blocks();
        float[][] out = new float[blocks.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = sequenceGradients(slice, blocks.get(i), taps).toType(DataType.FLOAT32, false).toFloatArray();
        }
        return new StoredGradients.Batch(taps.batch(), out);
    }

    /** Adds {@code Σ_n (Q_Sᵀ G_n Q_A)^{⊙2}} of one stored batch, as {@link #addLambdas} does for live taps. */
    static void addLambdas(HeadSlice slice, StoredGradients.Batch batch, Map<Block, LambdaAccumulator> acc,
            Map<Block, NDArray[]> bases, NDManager m) {
        List<Block> blocks = slice.blocks();
        try (NDManager step = m.newSubManager()) {
            for (int i = 0; i < blocks.size(); i++) {
                Block b = blocks.get(i);
                NDArray gn = step.create(batch.blocks()[i], new Shape(batch.size(), slice.dOut(b), slice.dIn(b)))
                        .toType(DataType.FLOAT64, false);
                addRotatedSquares(slice, b, gn, acc, bases, batch.size());
            }
        }
    }

    /** The per-sequence gradients {@code G_n = g_nᵀ a_n} of one block, [B, d_out, d_in] float64 on the device. */
    private static NDArray sequenceGradients(HeadSlice slice, Block b, HeadGradients.DeviceTaps taps) {
        return output(slice, b, taps).transpose(0, 2, 1).matMul(input(slice, b, taps));
    }

    /** Adds {@code Σ_n (Q_Sᵀ G_n Q_A)^{⊙2}} of {@code gn} ([n, d_out, d_in], float64) to the block's Λ sum. */
    private static void addRotatedSquares(HeadSlice slice, Block b, NDArray gn, Map<Block, LambdaAccumulator> acc,
            Map<Block, NDArray[]> bases, int n) {
        NDArray[] q = bases.get(b);
        NDArray sq = q[0].transpose().matMul(gn).matMul(q[1]).square().sum(new int[] {0});
        acc.get(b).addSquaredSum(host(sq, slice.dOut(b), slice.dIn(b)), n);
    }

    /** Each block's {Q_S, Q_A} as float64 arrays in {@code m}. */
    static Map<Block, NDArray[]> bases(NDManager m, Map<Block, LambdaAccumulator> acc) {
        Map<Block, NDArray[]> out = new java.util.EnumMap<>(Block.class);
        for (Map.Entry<Block, LambdaAccumulator> e : acc.entrySet()) {
            out.put(e.getKey(), new NDArray[] {device(m, e.getValue().outputBasis().vectors()),
                    device(m, e.getValue().inputBasis().vectors())});
        }
        return out;
    }

    private static NDArray device(NDManager m, DMatrixRMaj x) {
        return m.create(x.data, new Shape(x.numRows, x.numCols));
    }

    /** The block's inputs ã_t, [B,T,d_in] float64 (homogeneous 1 appended for QK/V with bias). */
    private static NDArray input(HeadSlice slice, Block b, HeadGradients.DeviceTaps taps) {
        if (b == Block.O) {
            int dh = slice.headDim();
            return f64(need(taps.denseInput(), b).get(new NDIndex(":, :, {}:{}", slice.head() * dh,
                    (slice.head() + 1) * dh)));
        }
        NDArray a = f64(taps.qkvInput());
        if (!slice.withBias()) {
            return a;
        }
        NDArray ones = a.getManager().ones(new Shape(taps.batch(), taps.seqLen(), 1), DataType.FLOAT64);
        return a.concat(ones, 2);
    }

    /** The block's output gradients g_t, [B,T,d_out] float64. */
    private static NDArray output(HeadSlice slice, Block b, HeadGradients.DeviceTaps taps) {
        if (b == Block.O) {
            return f64(need(taps.denseOutputGrad(), b));
        }
        int col = slice.qkvColumn() + (b == Block.QK ? 0 : 2 * slice.headDim());
        return f64(taps.qkvOutputGrad().get(new NDIndex(":, :, {}:{}", col, col + slice.dOut(b))));
    }

    private static NDArray need(NDArray a, Block b) {
        if (a == null) {
            throw new IllegalArgumentException("block " + b + " needs the dense taps (HeadGradients with dense = true)");
        }
        return a;
    }

    private static NDArray f64(NDArray a) {
        return a.getDataType() == DataType.FLOAT64 ? a : a.toType(DataType.FLOAT64, false);
    }

    /** {@code xᵀ x} of [N, k] rows, copied to the host. */
    private static DMatrixRMaj gram(NDArray x) {
        int k = Math.toIntExact(x.getShape().get(1));
        return host(x.transpose().matMul(x), k, k);
    }

    private static DMatrixRMaj host(NDArray x, int rows, int cols) {
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        double[] d = x.toDoubleArray();
        System.arraycopy(d, 0, out.data, 0, d.length);
        return out;
    }
}
