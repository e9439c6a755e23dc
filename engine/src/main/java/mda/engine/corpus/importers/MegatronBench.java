package mda.engine.corpus.importers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import mda.engine.corpus.Samples;
import mda.engine.corpus.TokenStore;
import mda.engine.jobs.JobContext;
import mda.engine.store.Blobs;
import mda.engine.store.CorpusRecord;
import mda.engine.store.JobRecord;
import mda.engine.store.Project;
import mda.engine.util.SplitMix64;

/**
 * Bench (not a test): writes a synthetic u16 Megatron pair of 100 M tokens (or {@code args[0]}) in 2049-token
 * sequences with EODs every few hundred tokens, opens it, reads 10 000 random 2049-token windows and prints
 * tokens/s and peak RSS (VmHWM). With {@code --import} it also imports the pair into a temporary project and
 * samples through {@link Samples}. Everything is deleted at the end.
 */
public final class MegatronBench {
    private static final int WINDOW = 2049;
    private static final int WINDOWS = 10_000;

    private MegatronBench() {
    }

    public static void main(String[] args) throws Exception {
        long tokens = args.length > 0 && !args[0].startsWith("--") ? Long.parseLong(args[0]) : 100_000_000L;
        boolean doImport = java.util.Arrays.asList(args).contains("--import");
        Path dir = Files.createTempDirectory("mda-megatron-bench");
        try {
            Path prefix = dir.resolve("synthetic");
            long t0 = System.nanoTime();
            write(prefix, tokens);
            System.out.printf("wrote %,d tokens in %.2f s (%s.bin, %,d bytes)%n", tokens, secs(t0), prefix,
                    Files.size(Path.of(prefix + ".bin")));
            t0 = System.nanoTime();
            MegatronDataset data = MegatronDataset.open(prefix);
            System.out.printf("opened %,d sequences in %.3f s%n", data.sequenceCount(), secs(t0));
            long max = data.tokenCount() - WINDOW;
            int[] w = new int[WINDOW];
            SplitMix64 rng = new SplitMix64(1);
            long checksum = 0;
            t0 = System.nanoTime();
            for (int i = 0; i < WINDOWS; i++) {
                data.read(rng.nextBounded(max + 1), w);
                checksum += w[i % WINDOW];
            }
            double s = secs(t0);
            System.out.printf("mmap dataset: %,d random windows of %d tokens in %.3f s = %,.0f tokens/s (checksum %d)%n",
                    WINDOWS, WINDOW, s, WINDOWS * (double) WINDOW / s, checksum);
            if (doImport) {
                benchImport(dir, prefix);
            }
            System.out.println("peak RSS (VmHWM): " + peakRss());
        } finally {
            Blobs.deleteTree(dir);
        }
    }

    private static void write(Path prefix, long tokens) throws IOException {
        SplitMix64 rng = new SplitMix64(42);
        int[] seq = new int[WINDOW];
        long untilEod = 1 + rng.nextBounded(600);
        try (MegatronWriter out = MegatronWriter.create(prefix, MegatronDtype.U16)) {
            for (long done = 0; done < tokens; done += WINDOW) {
                int len = (int) Math.min(WINDOW, tokens - done);
                for (int i = 0; i < len; i++) {
                    if (--untilEod == 0) {
                        seq[i] = 0;
                        untilEod = 1 + rng.nextBounded(600);
                    } else {
                        seq[i] = 1 + (int) rng.nextBounded(50_000);
                    }
                }
                out.addSequence(seq, 0, len);
            }
            out.endDocument();
        }
    }

    private static void benchImport(Path dir, Path prefix) throws Exception {
        Path tok = dir.resolve("tokenizer.json");
        Files.writeString(tok, "{\"model\":{\"vocab\":{\"<|endoftext|>\":0,\"x\":50303}}}");
        try (Project project = Project.create(dir.resolve("project"))) {
            long t0 = System.nanoTime();
            CorpusRecord rec = new MegatronImporter("bench", Path.of(prefix + ".idx"), Path.of(prefix + ".bin"), tok,
                    50304).run(context(project));
            double s = secs(t0);
            System.out.printf("import: %,d tokens, %,d documents in %.2f s = %,.0f tokens/s%n", rec.tokens(),
                    rec.documents(), s, rec.tokens() / s);
            Samples samples = new Samples(TokenStore.open(project.blob(rec.storePath())), WINDOW - 1);
            SplitMix64 rng = new SplitMix64(2);
            long checksum = 0;
            t0 = System.nanoTime();
            for (int i = 0; i < WINDOWS; i++) {
                checksum += samples.sample(rng.nextBounded(samples.sampleCount()))[i % WINDOW];
            }
            s = secs(t0);
            System.out.printf("token store Samples: %,d random windows in %.3f s = %,.0f tokens/s (checksum %d)%n",
                    WINDOWS, s, WINDOWS * (double) WINDOW / s, checksum);
        }
    }

    private static JobContext context(Project project) {
        return new JobContext() {
            @Override
            public void progress(String phase, long done, long total, String message) {
            }

            @Override
            public void checkCancelled() {
            }

            @Override
            public boolean cancelled() {
                return false;
            }

            @Override
            public void log(String line) {
                System.out.println(line);
            }

            @Override
            public long jobId() {
                return 0;
            }

            @Override
            public Optional<Project> project() {
                return Optional.of(project);
            }

            @Override
            public Optional<JobRecord> resumes() {
                return Optional.empty();
            }
        };
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** VmHWM as /proc/self/status writes it ("N kB"), or "unavailable" off Linux. */
    static String peakRss() {
        long b = mda.engine.util.PeakMemory.bytes();
        return b < 0 ? "unavailable" : (b / 1024) + " kB";
    }
}
