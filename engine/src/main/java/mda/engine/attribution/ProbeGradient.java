package mda.engine.attribution;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Accumulates the probe gradient {@code V_b = ∇_{W_b} f = Σ_items Σ_t g^f_t ã_tᵀ} of every block of a slice
 * (spec §3.4), where g^f comes from backpropagating the probe (not a loss) into the taps.
 * If each batch backpropagates the <em>sum</em> of its items' probe values, finish with scale 1/#items so that
 * V is the gradient of the mean-over-items f; if it backpropagates f itself, use scale 1.
 */
public final class ProbeGradient {
    private final HeadSlice slice;
    private final EnumMap<Block, DMatrixRMaj> sums = new EnumMap<>(Block.class);

    public ProbeGradient(HeadSlice slice) {
        this.slice = slice;
        for (Block b : slice.blocks()) {
            sums.put(b, new DMatrixRMaj(slice.dOut(b), slice.dIn(b)));
        }
    }

    /** Adds one probe sequence's contribution to one block. */
    public void add(BlockData item) {
        DMatrixRMaj sum = sums.get(item.block());
        if (sum == null) {
            throw new IllegalArgumentException("block " + item.block() + " is not part of mode " + slice.mode());
        }
        if (item.dOut() != sum.numRows || item.dIn() != sum.numCols) {
            throw new IllegalArgumentException("probe block " + item.block() + " is " + item.dOut() + "x"
                    + item.dIn() + ", expected " + sum.numRows + "x" + sum.numCols);
        }
        CommonOps_DDRM.multAddTransA(item.g(), item.a(), sum);
    }

    /** Adds every sequence of a batch of probe taps, for every block of the slice. */
    public void add(LayerTaps taps) {
        for (int n = 0; n < taps.batch(); n++) {
            for (Block b : slice.blocks()) {
                add(TapExtractor.extract(slice, b, taps, n));
            }
        }
    }

    /** V_b for every block, each multiplied by {@code scale}. */
    public Map<Block, DMatrixRMaj> gradient(double scale) {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite, got " + scale);
        }
        EnumMap<Block, DMatrixRMaj> out = new EnumMap<>(Block.class);
        for (Map.Entry<Block, DMatrixRMaj> e : sums.entrySet()) {
            DMatrixRMaj v = e.getValue().copy();
            CommonOps_DDRM.scale(scale, v);
            out.put(e.getKey(), v);
        }
        return out;
    }

    /** Blocks whose probe gradient is exactly zero: the probe does not depend on them (spec §3.12; warn). */
    public List<Block> zeroBlocks() {
        List<Block> out = new ArrayList<>();
        for (Map.Entry<Block, DMatrixRMaj> e : sums.entrySet()) {
            if (CommonOps_DDRM.elementMaxAbs(e.getValue()) == 0) {
                out.add(e.getKey());
            }
        }
        return out;
    }
}
