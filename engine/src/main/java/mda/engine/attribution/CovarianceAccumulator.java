package mda.engine.attribution;

import java.io.IOException;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Stage 1 of the EK-FAC fit for one block (spec §3.5 step 1): running float64 sums of {@code a aᵀ} and
 * {@code g gᵀ} over every fitting token, with token and sequence counts. The factors are per-token means,
 * {@code A = Σ a aᵀ / N_tok} and {@code S = Σ g gᵀ / N_tok}. Partial accumulators (data partitions, resumed shards)
 * merge by adding sums and counts, so the result does not depend on how the data was split.
 * QK and V share the input factor A; each block keeps its own copy so blocks stay independent.
 */
public final class CovarianceAccumulator {
    private static final String MAGIC = "MDACOV01";
    private static final int VERSION = 1;

    private final Block block;
    private final DMatrixRMaj aSum;
    private final DMatrixRMaj sSum;
    private long tokens;
    private long sequences;

    /** An empty accumulator for a block with the given input and output widths. */
    public CovarianceAccumulator(Block block, int dIn, int dOut) {
        if (dIn <= 0 || dOut <= 0) {
            throw new IllegalArgumentException("dIn and dOut must be positive, got " + dIn + ", " + dOut);
        }
        this.block = block;
        this.aSum = new DMatrixRMaj(dIn, dIn);
        this.sSum = new DMatrixRMaj(dOut, dOut);
    }

    /** An empty accumulator for {@code block} of {@code slice}. */
    public static CovarianceAccumulator forSlice(HeadSlice slice, Block block) {
        return new CovarianceAccumulator(block, slice.dIn(block), slice.dOut(block));
    }

    public Block block() {
        return block;
    }

    public int dIn() {
        return aSum.numRows;
    }

    public int dOut() {
        return sSum.numRows;
    }

    public long tokens() {
        return tokens;
    }

    public long sequences() {
        return sequences;
    }

    /** Adds one fitting sequence: every position is one token of the per-token covariances. */
    public void add(BlockData sample) {
        checkBlock(sample.block());
        if (sample.dIn() != dIn() || sample.dOut() != dOut()) {
            throw new IllegalArgumentException("sample is " + sample.dOut() + "x" + sample.dIn() + ", accumulator "
                    + dOut() + "x" + dIn());
        }
        CommonOps_DDRM.multAddTransA(sample.a(), sample.a(), aSum);
        CommonOps_DDRM.multAddTransA(sample.g(), sample.g(), sSum);
        tokens += sample.positions();
        sequences++;
    }

    /**
     * Adds sums computed elsewhere (for example on the device for a whole batch): {@code Σ a aᵀ} and {@code Σ g gᵀ}
     * over {@code tokenCount} tokens of {@code sequenceCount} sequences.
     */
    public void addSums(DMatrixRMaj aaT, DMatrixRMaj ggT, long tokenCount, long sequenceCount) {
        checkShape("aaT", aaT, dIn(), dIn());
        checkShape("ggT", ggT, dOut(), dOut());
        if (tokenCount < 0 || sequenceCount < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got " + tokenCount + ", " + sequenceCount);
        }
        CommonOps_DDRM.addEquals(aSum, aaT);
        CommonOps_DDRM.addEquals(sSum, ggT);
        tokens += tokenCount;
        sequences += sequenceCount;
    }

    /** Refuses sums with NaN or ±Inf ({@link NonFiniteFactorsException}) after {@code samples} fitting samples. */
    void requireFinite(HeadSlice slice, long samples) {
        NonFiniteFactorsException.check(aSum, "input covariance A", slice, block, samples);
        NonFiniteFactorsException.check(sSum, "gradient covariance S", slice, block, samples);
    }

    /** Adds another partition's sums and counts into this one. */
    public void merge(CovarianceAccumulator other) {
        checkBlock(other.block);
        addSums(other.aSum, other.sSum, other.tokens, other.sequences);
    }

    /** The input factor {@code A = Σ a aᵀ / N_tok}, symmetrized. */
    public DMatrixRMaj inputCovariance() {
        return mean(aSum);
    }

    /** The output-gradient factor {@code S = Σ g gᵀ / N_tok}, symmetrized. */
    public DMatrixRMaj outputCovariance() {
        return mean(sSum);
    }

    /** Mean positions per fitting sequence; the factor T of the K-FAC eigenvalues (§3.5 step 4). */
    public double tokensPerSequence() {
        requireData();
        return (double) tokens / sequences;
    }

    /** Eigenbasis of A (spec §3.5 step 2). */
    public EigenBasis inputBasis() {
        return EigenBasis.of(inputCovariance());
    }

    /** Eigenbasis of S. */
    public EigenBasis outputBasis() {
        return EigenBasis.of(outputCovariance());
    }

    private DMatrixRMaj mean(DMatrixRMaj sum) {
        requireData();
        int n = sum.numRows;
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out.unsafe_set(i, j, 0.5 * (sum.unsafe_get(i, j) + sum.unsafe_get(j, i)) / tokens);
            }
        }
        return out;
    }

    private void requireData() {
        if (tokens == 0 || sequences == 0) {
            throw new IllegalStateException("covariance of block " + block + " has no tokens yet");
        }
    }

    private void checkBlock(Block other) {
        if (other != block) {
            throw new IllegalArgumentException("accumulator is for block " + block + ", got " + other);
        }
    }

    static void checkShape(String name, DMatrixRMaj m, int rows, int cols) {
        if (m.numRows != rows || m.numCols != cols) {
            throw new IllegalArgumentException(name + " is " + m.numRows + "x" + m.numCols + ", expected "
                    + rows + "x" + cols);
        }
    }

    /** Saves the partial sums and counts (atomically) so that a fit can resume or be merged later. */
    public void save(Path file) throws IOException {
        BinaryIo.write(file, MAGIC, VERSION, this::writeBody);
    }

    /** Loads an accumulator saved by {@link #save}; errors name the file and what is wrong. */
    public static CovarianceAccumulator load(Path file) throws IOException {
        BinaryIo.Reader r = BinaryIo.open(file, MAGIC, VERSION);
        CovarianceAccumulator acc = readBody(r);
        r.finish();
        return acc;
    }

    /** The payload of {@link #save}, also embedded in a fit's resume state. */
    void writeBody(java.io.DataOutputStream out) throws IOException {
        BinaryIo.writeString(out, block.name());
        out.writeLong(tokens);
        out.writeLong(sequences);
        BinaryIo.writeMatrix(out, aSum);
        BinaryIo.writeMatrix(out, sSum);
    }

    static CovarianceAccumulator readBody(BinaryIo.Reader r) throws IOException {
        Block block = readBlock(r);
        long tokens = r.readLong();
        long sequences = r.readLong();
        DMatrixRMaj a = r.readMatrix("A sum");
        DMatrixRMaj s = r.readMatrix("S sum");
        if (a.numRows != a.numCols || s.numRows != s.numCols) {
            throw new IOException(r.file() + " is corrupt: covariance sums are not square");
        }
        if (tokens < 0 || sequences < 0) {
            throw new IOException(r.file() + " is corrupt: negative counts " + tokens + ", " + sequences);
        }
        CovarianceAccumulator acc = new CovarianceAccumulator(block, a.numRows, s.numRows);
        acc.addSums(a, s, tokens, sequences);
        return acc;
    }

    static Block readBlock(BinaryIo.Reader r) throws IOException {
        String name = r.readString();
        try {
            return Block.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IOException(r.file() + " is corrupt: unknown block \"" + name + "\"", e);
        }
    }
}
