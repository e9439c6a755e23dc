package mda.engine.attribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The resume state of an EK-FAC fit (one file per pass in a folder): the running accumulators of every block and
 * the number of fitting samples done, saved atomically after each shard. A fingerprint of the fit's inputs (sample
 * ids, label seed, batch, shard size, slice shape) guards against resuming a different fit; such a state is ignored.
 */
final class FitState {
    private static final String MAGIC = "MDAFIT01";
    private static final int VERSION = 1;
    static final String COVARIANCE_FILE = "fit-covariance.state";
    static final String LAMBDA_FILE = "fit-lambda.state";

    /** A pass's saved accumulators and how many samples they hold. */
    record Saved<A>(long done, Map<Block, A> accumulators) {
    }

    private final Path dir;
    private final long fingerprint;

    FitState(Path dir, long fingerprint) {
        this.dir = dir;
        this.fingerprint = fingerprint;
    }

    Path covarianceFile() {
        return dir.resolve(COVARIANCE_FILE);
    }

    Path lambdaFile() {
        return dir.resolve(LAMBDA_FILE);
    }

    void saveCovariance(long done, Map<Block, CovarianceAccumulator> acc) throws IOException {
        BinaryIo.write(covarianceFile(), MAGIC, VERSION, out -> {
            out.writeLong(fingerprint);
            out.writeLong(done);
            out.writeInt(acc.size());
            for (CovarianceAccumulator a : acc.values()) {
                a.writeBody(out);
            }
        });
    }

    void saveLambda(long done, Map<Block, LambdaAccumulator> acc) throws IOException {
        BinaryIo.write(lambdaFile(), MAGIC, VERSION, out -> {
            out.writeLong(fingerprint);
            out.writeLong(done);
            out.writeInt(acc.size());
            for (LambdaAccumulator a : acc.values()) {
                a.writeBody(out);
            }
        });
    }

    /** Shard {@code k}'s stored per-sequence gradients; written before the covariance state that counts the shard. */
    Path gradientsFile(int k) {
        return dir.resolve(String.format(java.util.Locale.ROOT, "fit-gradients-%05d.state", k));
    }

    void saveGradients(int k, StoredGradients stored) throws IOException {
        BinaryIo.write(gradientsFile(k), MAGIC, VERSION, out -> {
            out.writeLong(fingerprint);
            out.writeInt(k);
            stored.writeShard(out, k);
        });
    }

    /** Reloads shard {@code k} into {@code stored}; false when the file is missing or belongs to another fit. */
    boolean loadGradients(int k, StoredGradients stored) throws IOException {
        BinaryIo.Reader r = open(gradientsFile(k));
        if (r == null) {
            return false;
        }
        if (r.readInt() != k) {
            throw new IOException(r.file() + " is corrupt: it holds another shard");
        }
        stored.readShard(r, k);
        r.finish();
        return true;
    }

    /** The saved covariance pass, or null when there is none or it belongs to another fit. */
    Saved<CovarianceAccumulator> loadCovariance() throws IOException {
        BinaryIo.Reader r = open(covarianceFile());
        if (r == null) {
            return null;
        }
        long done = r.readLong();
        int n = r.readCount("block count", Block.values().length);
        Map<Block, CovarianceAccumulator> acc = new EnumMap<>(Block.class);
        for (int i = 0; i < n; i++) {
            CovarianceAccumulator a = CovarianceAccumulator.readBody(r);
            acc.put(a.block(), a);
        }
        r.finish();
        return new Saved<>(done, acc);
    }

    /** The saved Λ pass, or null when there is none or it belongs to another fit. */
    Saved<LambdaAccumulator> loadLambda() throws IOException {
        BinaryIo.Reader r = open(lambdaFile());
        if (r == null) {
            return null;
        }
        long done = r.readLong();
        int n = r.readCount("block count", Block.values().length);
        Map<Block, LambdaAccumulator> acc = new EnumMap<>(Block.class);
        for (int i = 0; i < n; i++) {
            LambdaAccumulator a = LambdaAccumulator.readBody(r);
            acc.put(a.block(), a);
        }
        r.finish();
        return new Saved<>(done, acc);
    }

    private BinaryIo.Reader open(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        BinaryIo.Reader r = BinaryIo.open(file, MAGIC, VERSION);
        return r.readLong() == fingerprint ? r : null;
    }

    /** Removes the pass files and stored gradients (once the factors are saved). */
    static void delete(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(COVARIANCE_FILE));
        Files.deleteIfExists(dir.resolve(LAMBDA_FILE));
        if (Files.isDirectory(dir)) {
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String n = f.getFileName().toString();
                    if (n.startsWith("fit-gradients-") && n.endsWith(".state")) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    /** A 64-bit digest of what determines the fit's result, mixed through SplitMix64-style finalizers. */
    static long fingerprint(HeadSlice slice, long[] ids, long labelSeed, int batch, int shard) {
        return fingerprint(slice, ids, labelSeed, batch, shard, false);
    }

    /** @param onePass whether Λ comes from stored gradients (its state is not interchangeable with a two-pass fit's) */
    static long fingerprint(HeadSlice slice, long[] ids, long labelSeed, int batch, int shard, boolean onePass) {
        long h = mix(0x5EED_F17L ^ labelSeed);
        if (onePass) {
            h = mix(h ^ 0x0E9A55L);
        }
        h = mix(h ^ batch);
        h = mix(h ^ shard);
        for (Block b : slice.blocks()) {
            h = mix(h ^ (b.ordinal() + 1L));
            h = mix(h ^ slice.dIn(b));
            h = mix(h ^ slice.dOut(b));
        }
        h = mix(h ^ ids.length);
        for (long id : ids) {
            h = mix(h ^ id);
        }
        return h;
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
