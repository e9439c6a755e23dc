package mda.engine.attribution;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Scores training samples against one or more preconditioned probe gradients without forming per-sample gradients
 * (spec §3.8–3.10). For a sample with real-label, sum-over-tokens loss L(z) backpropagated into the taps:
 * <pre>
 *   c_t  = − Σ_b g_{b,t}ᵀ P_b a_{b,t}          (token contribution, §3.9)
 *   I(z) = Σ_t c_t = − Σ_b ⟨G_b(z), P_b⟩        (sign of §0.3: I &gt; 0 means z helps the probe)
 * </pre>
 * The minus sign lives here and nowhere else. Several probes are stacked per block so that one pass over the
 * sample gives a score per probe.
 */
public final class InfluenceScorer {
    private final HeadSlice slice;
    private final int probes;
    /** Per block: the probes' P_b stacked row-wise, [Q·d_out][d_in]; blocks whose P is zero for all probes omitted. */
    private final EnumMap<Block, DMatrixRMaj> stacked = new EnumMap<>(Block.class);

    /**
     * @param slice the head slice the P_b belong to
     * @param preconditioned one map per probe, holding P_b = IHVP(V_b) for every block of the slice
     */
    public InfluenceScorer(HeadSlice slice, List<Map<Block, DMatrixRMaj>> preconditioned) {
        if (preconditioned.isEmpty()) {
            throw new IllegalArgumentException("at least one preconditioned probe gradient is needed");
        }
        this.slice = slice;
        this.probes = preconditioned.size();
        for (Block b : slice.blocks()) {
            int dOut = slice.dOut(b);
            int dIn = slice.dIn(b);
            DMatrixRMaj s = new DMatrixRMaj(probes * dOut, dIn);
            boolean any = false;
            for (int q = 0; q < probes; q++) {
                DMatrixRMaj p = preconditioned.get(q).get(b);
                if (p == null) {
                    throw new IllegalArgumentException("probe " + q + " has no preconditioned gradient for block " + b);
                }
                CovarianceAccumulator.checkShape("P of probe " + q + " block " + b, p, dOut, dIn);
                System.arraycopy(p.data, 0, s.data, q * dOut * dIn, dOut * dIn);
                any |= CommonOps_DDRM.elementMaxAbs(p) > 0;
            }
            if (any) {
                stacked.put(b, s);
            }
        }
    }

    /** A scorer for a single probe. */
    public static InfluenceScorer single(HeadSlice slice, Map<Block, DMatrixRMaj> preconditioned) {
        return new InfluenceScorer(slice, List.of(preconditioned));
    }

    public int probes() {
        return probes;
    }

    /**
     * The probes' P_b stacked row-wise, [Q·d_out][d_in] (a copy), for glue that computes {@code U = a·P_stackᵀ} and
     * {@code c = −Σ g⊙U} on the device; all zeros when every probe's P_b is zero.
     */
    public DMatrixRMaj stacked(Block block) {
        if (!slice.blocks().contains(block)) {
            throw new IllegalArgumentException("block " + block + " is not part of mode " + slice.mode());
        }
        DMatrixRMaj s = stacked.get(block);
        return s == null ? new DMatrixRMaj(probes * slice.dOut(block), slice.dIn(block)) : s.copy();
    }

    /** Scores sample {@code sample} of a batch of taps (real-label loss, sum-reduced). */
    public TokenScores score(LayerTaps taps, int sample) {
        List<BlockData> blocks = new ArrayList<>();
        for (Block b : stacked.keySet()) {
            blocks.add(TapExtractor.extract(slice, b, taps, sample));
        }
        return score(blocks, taps.seqLen());
    }

    /** Scores every sample of a batch of taps. */
    public TokenScores[] scoreBatch(LayerTaps taps) {
        TokenScores[] out = new TokenScores[taps.batch()];
        for (int n = 0; n < out.length; n++) {
            out[n] = score(taps, n);
        }
        return out;
    }

    /**
     * Scores one sample from its extracted blocks (each block of the slice at most once; blocks not given
     * contribute nothing, which is only right if their P is zero).
     */
    public TokenScores score(List<BlockData> sampleBlocks, int positions) {
        double[][] c = new double[probes][positions];
        EnumMap<Block, Boolean> seen = new EnumMap<>(Block.class);
        for (BlockData data : sampleBlocks) {
            if (seen.put(data.block(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("block " + data.block() + " given twice");
            }
            if (!slice.blocks().contains(data.block())) {
                throw new IllegalArgumentException("block " + data.block() + " is not part of mode " + slice.mode());
            }
            if (data.positions() != positions) {
                throw new IllegalArgumentException("block " + data.block() + " has " + data.positions()
                        + " positions, expected " + positions);
            }
            DMatrixRMaj p = stacked.get(data.block());
            if (p == null) {
                continue;
            }
            accumulate(data, p, c);
        }
        double[] scores = new double[probes];
        for (int q = 0; q < probes; q++) {
            double s = 0;
            for (int t = 0; t < positions; t++) {
                s += c[q][t];
            }
            scores[q] = s;
        }
        return new TokenScores(scores, c);
    }

    /** c[q][t] −= g_tᵀ P_q a_t, via U = a · P_stackᵀ (one matrix product for all probes). */
    private static void accumulate(BlockData data, DMatrixRMaj pStack, double[][] c) {
        int dOut = data.dOut();
        if (data.dIn() != pStack.numCols || pStack.numRows != c.length * dOut) {
            throw new IllegalArgumentException("block " + data.block() + " is " + dOut + "x" + data.dIn()
                    + ", does not match its P");
        }
        int t = data.positions();
        DMatrixRMaj u = new DMatrixRMaj(t, pStack.numRows);
        CommonOps_DDRM.multTransB(data.a(), pStack, u);
        double[] g = data.g().data;
        double[] ud = u.data;
        int width = pStack.numRows;
        for (int pos = 0; pos < t; pos++) {
            int gRow = pos * dOut;
            int uRow = pos * width;
            for (int q = 0; q < c.length; q++) {
                double dot = 0;
                int off = uRow + q * dOut;
                for (int i = 0; i < dOut; i++) {
                    dot += g[gRow + i] * ud[off + i];
                }
                c[q][pos] -= dot;
            }
        }
    }
}
