package mda.engine.attribution;

import java.io.IOException;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Stage 3 of the EK-FAC fit for one block (spec §3.5 step 3): the eigenvalue correction
 * {@code Λ = (1/N_seq) Σ_n (Q_Sᵀ G_n Q_A)^{⊙2}}, where {@code G_n = Σ_t g_t a_tᵀ} is sequence n's gradient in the
 * block (with fresh sampled labels). Each sequence's rotated gradient is squared on its own; never square a
 * batch-summed gradient. Partial accumulators with the same bases merge by adding sums and counts.
 */
public final class LambdaAccumulator {
    private static final String MAGIC = "MDALAM01";
    private static final int VERSION = 1;

    private final Block block;
    private final EigenBasis input;
    private final EigenBasis output;
    private final DMatrixRMaj sum;
    private long sequences;

    /** An empty accumulator rotating gradients into the given input (Q_A) and output (Q_S) bases. */
    public LambdaAccumulator(Block block, EigenBasis input, EigenBasis output) {
        this.block = block;
        this.input = input;
        this.output = output;
        this.sum = new DMatrixRMaj(output.size(), input.size());
    }

    public Block block() {
        return block;
    }

    public EigenBasis inputBasis() {
        return input;
    }

    public EigenBasis outputBasis() {
        return output;
    }

    public long sequences() {
        return sequences;
    }

    /** Adds one sequence from its per-position inputs and output gradients. */
    public void add(BlockData sample) {
        if (sample.block() != block) {
            throw new IllegalArgumentException("accumulator is for block " + block + ", got " + sample.block());
        }
        addGradient(sample.gradient());
    }

    /** Adds one sequence's materialized gradient {@code G_n} (d_out × d_in). */
    public void addGradient(DMatrixRMaj g) {
        CovarianceAccumulator.checkShape("per-sequence gradient", g, output.size(), input.size());
        DMatrixRMaj rotated = rotate(g);
        double[] s = sum.data;
        double[] r = rotated.data;
        for (int i = 0; i < s.length; i++) {
            s[i] += r[i] * r[i];
        }
        sequences++;
    }

    /**
     * Adds {@code Σ_n (Q_Sᵀ G_n Q_A)^{⊙2}} over {@code count} sequences, formed elsewhere (on the device, in these
     * very bases).
     */
    public void addSquaredSum(DMatrixRMaj squares, long count) {
        CovarianceAccumulator.checkShape("squared rotated gradients", squares, output.size(), input.size());
        if (count < 0) {
            throw new IllegalArgumentException("sequence count must be >= 0, got " + count);
        }
        CommonOps_DDRM.addEquals(sum, squares);
        sequences += count;
    }

    /** Refuses sums with NaN or ±Inf ({@link NonFiniteFactorsException}) after {@code samples} fitting samples. */
    void requireFinite(HeadSlice slice, long samples) {
        NonFiniteFactorsException.check(sum, "eigenvalue correction Λ", slice, block, samples);
    }

    /** {@code Q_Sᵀ X Q_A}. */
    DMatrixRMaj rotate(DMatrixRMaj x) {
        DMatrixRMaj tmp = new DMatrixRMaj(output.size(), input.size());
        CommonOps_DDRM.multTransA(output.vectors(), x, tmp);
        DMatrixRMaj out = new DMatrixRMaj(output.size(), input.size());
        CommonOps_DDRM.mult(tmp, input.vectors(), out);
        return out;
    }

    /** Adds another partition's sums; both must use the very same bases. */
    public void merge(LambdaAccumulator other) {
        if (other.block != block || !sameBasis(input, other.input) || !sameBasis(output, other.output)) {
            throw new IllegalArgumentException("cannot merge lambda accumulators of block " + other.block
                    + " fitted in different eigenbases (or a different block than " + block + ")");
        }
        CommonOps_DDRM.addEquals(sum, other.sum);
        sequences += other.sequences;
    }

    private static boolean sameBasis(EigenBasis x, EigenBasis y) {
        return java.util.Arrays.equals(x.values(), y.values()) && java.util.Arrays.equals(x.vectors().data,
                y.vectors().data);
    }

    /** The corrected eigenvalues Λ (d_out × d_in): the per-sequence mean of the squared rotated gradients. */
    public DMatrixRMaj lambda() {
        if (sequences == 0) {
            throw new IllegalStateException("lambda of block " + block + " has no sequences yet");
        }
        DMatrixRMaj out = sum.copy();
        CommonOps_DDRM.divide(out, sequences);
        return out;
    }

    /** Saves bases, partial sums and count (atomically) so that the Λ pass can resume by shard. */
    public void save(Path file) throws IOException {
        BinaryIo.write(file, MAGIC, VERSION, this::writeBody);
    }

    /** Loads an accumulator saved by {@link #save}; errors name the file and what is wrong. */
    public static LambdaAccumulator load(Path file) throws IOException {
        BinaryIo.Reader r = BinaryIo.open(file, MAGIC, VERSION);
        LambdaAccumulator acc = readBody(r);
        r.finish();
        return acc;
    }

    /** The payload of {@link #save}, also embedded in a fit's resume state. */
    void writeBody(java.io.DataOutputStream out) throws IOException {
        BinaryIo.writeString(out, block.name());
        out.writeLong(sequences);
        writeBasis(out, input);
        writeBasis(out, output);
        BinaryIo.writeMatrix(out, sum);
    }

    static LambdaAccumulator readBody(BinaryIo.Reader r) throws IOException {
        Block block = CovarianceAccumulator.readBlock(r);
        long sequences = r.readLong();
        EigenBasis in = readBasis(r, "input basis");
        EigenBasis outBasis = readBasis(r, "output basis");
        DMatrixRMaj sum = r.readMatrix("lambda sum", outBasis.size(), in.size());
        if (sequences < 0) {
            throw new IOException(r.file() + " is corrupt: negative sequence count " + sequences);
        }
        LambdaAccumulator acc = new LambdaAccumulator(block, in, outBasis);
        CommonOps_DDRM.addEquals(acc.sum, sum);
        acc.sequences = sequences;
        return acc;
    }

    static void writeBasis(java.io.DataOutputStream out, EigenBasis b) throws IOException {
        BinaryIo.writeDoubles(out, b.values());
        BinaryIo.writeMatrix(out, b.vectors());
    }

    static EigenBasis readBasis(BinaryIo.Reader r, String what) throws IOException {
        int n = r.readCount(what + " size", 1 << 16);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = r.readDouble();
        }
        return new EigenBasis(r.readMatrix(what + " vectors", n, n), values);
    }
}
