package mda.engine.attribution;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The per-sequence gradients {@code G_n = Σ_t g_t a_tᵀ} of every block, kept in float32 from the covariance pass so
 * that the eigenvalue correction Λ (spec §3.5) is formed from them once the eigenbases exist, with no second
 * forward/backward pass over the fitting samples. Λ then uses the covariance pass's sampled labels; both remain
 * unbiased estimates of the same expectations. Kept per shard, so a resumed fit reloads exactly what it saved.
 */
final class StoredGradients {
    /**
     * Default budget for keeping them: 384 MiB, or a quarter of the JVM's maximum heap when that is smaller. Above it
     * the fit makes a second pass instead.
     */
    static final long DEFAULT_BUDGET_BYTES = Math.min(384L << 20, Runtime.getRuntime().maxMemory() / 4);

    /** One forward batch: its sequence count and, per block in slice order, {@code [n, d_out, d_in]} row-major. */
    record Batch(int size, float[][] blocks) {
    }

    private final HeadSlice slice;
    private final List<List<Batch>> shards = new ArrayList<>();

    StoredGradients(HeadSlice slice) {
        this.slice = slice;
    }

    /** Bytes one sequence takes: 4 · Σ_b d_out·d_in. */
    static long bytesPerSequence(HeadSlice slice) {
        long n = 0;
        for (Block b : slice.blocks()) {
            n += (long) slice.dOut(b) * slice.dIn(b);
        }
        return 4 * n;
    }

    /** Whether {@code sequences} fitting samples fit the budget, so the fit can skip its second pass. */
    static boolean fits(HeadSlice slice, long sequences, long budgetBytes) {
        return budgetBytes > 0 && sequences * bytesPerSequence(slice) <= budgetBytes;
    }

    /** The batches of shard {@code k} (created empty on first use). */
    List<Batch> shard(int k) {
        while (shards.size() <= k) {
            shards.add(new ArrayList<>());
        }
        return shards.get(k);
    }

    /** Every batch, in shard and batch order (the order of the covariance pass). */
    void forEach(Consumer<Batch> sink) {
        for (List<Batch> s : shards) {
            s.forEach(sink);
        }
    }

    void writeShard(DataOutputStream out, int k) throws IOException {
        List<Batch> batches = shard(k);
        out.writeInt(batches.size());
        for (Batch b : batches) {
            out.writeInt(b.size());
            for (float[] x : b.blocks()) {
                BinaryIo.writeFloats(out, x);
            }
        }
    }

    void readShard(BinaryIo.Reader r, int k) throws IOException {
        List<Batch> batches = shard(k);
        batches.clear();
        int n = r.readCount("batch count", 1 << 20);
        List<Block> blocks = slice.blocks();
        for (int i = 0; i < n; i++) {
            int size = r.readCount("batch size", 1 << 20);
            float[][] x = new float[blocks.size()][];
            for (int j = 0; j < x.length; j++) {
                Block b = blocks.get(j);
                x[j] = r.readFloats("gradients of block " + b, size * slice.dOut(b) * slice.dIn(b));
            }
            batches.add(new Batch(size, x));
        }
    }
}
