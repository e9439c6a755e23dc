package mda.engine.corpus.importers;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mda.engine.corpus.ByteSource;
import mda.engine.corpus.FileWindows;
import mda.engine.corpus.PositionalFile;
import mda.engine.corpus.Samples;
import mda.engine.corpus.TokenStore;
import mda.engine.jobs.JobContext;
import mda.engine.store.Blobs;
import mda.engine.store.CorpusRecord;
import mda.engine.store.JobRecord;
import mda.engine.store.Project;
import mda.engine.util.PeakMemory;
import mda.engine.util.SplitMix64;

/**
 * Bench (not a test) of the Megatron path at several sizes (default 10 M and 100 M tokens), one after the other in
 * this process: writes a synthetic u16 pair in 2049-token sequences with EODs every few hundred tokens, imports it
 * into a temporary project, then times 10 000 random 2049-token windows through {@link Samples}, through raw
 * positional reads and mapped windows of the store's {@code tokens.bin}, and from the {@code .bin} itself. While
 * importing and sampling, a sampler tracks peak RSS split into anonymous and file-backed parts and peak heap
 * (VmHWM is reset before each size), after an untimed warm-up pass. Prints one column per size and a verdict on whether peak memory is flat in
 * the token count. Files are written under {@code java.io.tmpdir} and deleted after each size.
 */
public final class MegatronBench {
    private static final int WINDOW = 2049;
    private static final int WINDOWS = 10_000;
    /** Peak RSS may grow by at most this factor from the smallest to the largest size to count as flat. */
    private static final double FLAT = 1.15;
    private static final long WARM_UP = 3_000_000;

    private MegatronBench() {
    }

    /** What one size measured; rates in tokens/s, memory in bytes. */
    public record Result(long tokens, long documents, double writeSeconds, double importRate, double samplesRate,
                         double preadRate, double windowsRate, long windowMappings, double binRate,
                         PeakMemory.Peaks peaks) {
    }

    /** {@code args}: token counts (default 10 M and 100 M); a leading "--" argument is ignored. */
    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (String a : args) {
            if (!a.startsWith("--")) {
                sizes.add(Long.parseLong(a.replace("_", "")));
            }
        }
        run(sizes.isEmpty() ? List.of(10_000_000L, 100_000_000L) : sizes, System.out);
    }

    /** Runs every size in order and prints the table and the verdict to {@code out}. */
    public static List<Result> run(List<Long> sizes, PrintStream out) throws Exception {
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("bench needs at least one size");
        }
        for (long n : sizes) {
            if (n < WINDOW) {
                throw new IllegalArgumentException("bench size must be at least " + WINDOW + " tokens, got " + n);
            }
        }
        List<Result> results = new ArrayList<>();
        // The JIT and the JVM's native arenas grow during the first pass and never shrink; a small untimed pass
        // first keeps that one-off growth out of the first size's peaks.
        long warm = Math.min(WARM_UP, sizes.get(0));
        out.printf("warm-up: %,d tokens (not reported)%n", warm);
        one(warm);
        for (long n : sizes) {
            out.printf("size %,d tokens: writing, importing, sampling...%n", n);
            results.add(one(n));
        }
        print(results, out);
        return results;
    }

    private static Result one(long tokens) throws Exception {
        Path dir = Files.createTempDirectory("mda-megatron-bench");
        try {
            Path prefix = dir.resolve("synthetic");
            long t0 = System.nanoTime();
            write(prefix, tokens);
            double writeSeconds = secs(t0);
            Path tok = dir.resolve("tokenizer.json");
            Files.writeString(tok, "{\"model\":{\"vocab\":{\"<|endoftext|>\":0,\"x\":50303}}}");
            System.gc();
            PeakMemory.resetPeak();
            try (PeakMemory.Sampler sampler = PeakMemory.Sampler.start(50);
                 Project project = Project.create(dir.resolve("project"))) {
                t0 = System.nanoTime();
                CorpusRecord rec = new MegatronImporter("bench", Path.of(prefix + ".idx"), Path.of(prefix + ".bin"),
                        tok, 50304).run(context(project));
                double importRate = rec.tokens() / secs(t0);
                Path store = project.blob(rec.storePath());
                double samplesRate;
                try (TokenStore ts = TokenStore.open(store)) {
                    Samples samples = new Samples(ts, WINDOW - 1);
                    SplitMix64 rng = new SplitMix64(2);
                    long checksum = 0;
                    t0 = System.nanoTime();
                    for (int i = 0; i < WINDOWS; i++) {
                        checksum += samples.sample(rng.nextBounded(samples.sampleCount()))[i % WINDOW];
                    }
                    samplesRate = rate(t0, checksum);
                }
                Path bin = store.resolve("tokens.bin");
                long bytes = Files.size(bin);
                double preadRate;
                try (PositionalFile f = new PositionalFile(bin, bytes)) {
                    preadRate = randomReads(f);
                }
                double windowsRate;
                long mappings;
                try (FileWindows f = new FileWindows(bin, bytes)) {
                    windowsRate = randomReads(f);
                    mappings = f.mappings();
                }
                double binRate;
                try (MegatronDataset data = MegatronDataset.open(prefix)) {
                    int[] w = new int[WINDOW];
                    SplitMix64 rng = new SplitMix64(1);
                    long checksum = 0;
                    t0 = System.nanoTime();
                    for (int i = 0; i < WINDOWS; i++) {
                        data.read(rng.nextBounded(data.tokenCount() - WINDOW + 1), w);
                        checksum += w[i % WINDOW];
                    }
                    binRate = rate(t0, checksum);
                }
                return new Result(rec.tokens(), rec.documents(), writeSeconds, importRate, samplesRate, preadRate,
                        windowsRate, mappings, binRate, sampler.peaks());
            }
        } finally {
            Blobs.deleteTree(dir);
        }
    }

    /** Random 2049-token (u16) windows read as bytes from {@code f}; tokens/s. */
    private static double randomReads(ByteSource f) {
        ByteBuffer b = ByteBuffer.allocate(2 * WINDOW);
        SplitMix64 rng = new SplitMix64(3);
        long tokens = f.length() / 2;
        long checksum = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < WINDOWS; i++) {
            b.clear();
            f.read(2 * rng.nextBounded(tokens - WINDOW + 1), b);
            checksum += b.get(i % (2 * WINDOW));
        }
        return rate(t0, checksum);
    }

    private static double rate(long t0, long checksum) {
        double s = secs(t0);
        if (checksum == Long.MIN_VALUE) {
            System.out.println(); // keeps the reads observable to the JIT
        }
        return WINDOWS * (double) WINDOW / s;
    }

    private static void print(List<Result> rs, PrintStream out) {
        out.printf("%nMegatron .bin/.idx bench (u16, %,d random %d-token windows per reader; unmapping %s; heap max"
                + " %d MiB)%n", WINDOWS, WINDOW, FileWindows.unmapsEagerly() ? "eager" : "by GC only",
                Runtime.getRuntime().maxMemory() >> 20);
        row(out, "tokens", rs, r -> String.format("%,d", r.tokens()));
        row(out, "documents", rs, r -> String.format("%,d", r.documents()));
        row(out, "write pair (s)", rs, r -> String.format("%.2f", r.writeSeconds()));
        row(out, "import (tokens/s)", rs, r -> String.format("%,.0f", r.importRate()));
        row(out, "Samples, pread (tokens/s)", rs, r -> String.format("%,.0f", r.samplesRate()));
        row(out, "raw pread (tokens/s)", rs, r -> String.format("%,.0f", r.preadRate()));
        row(out, "raw " + (1 << FileWindows.DEFAULT_SHIFT >> 20) + " MiB windows (tokens/s)", rs, r -> String.format("%,.0f (%,d maps)", r.windowsRate(),
                r.windowMappings()));
        row(out, ".bin via windows (tokens/s)", rs, r -> String.format("%,.0f", r.binRate()));
        row(out, "peak RSS, VmHWM (MiB)", rs, r -> mib(r.peaks().vmHwm()));
        row(out, "peak RssAnon (MiB)", rs, r -> mib(r.peaks().rssAnon()));
        row(out, "peak RssFile (MiB)", rs, r -> mib(r.peaks().rssFile()));
        row(out, "peak heap used (MiB)", rs, r -> mib(r.peaks().heapUsed()));
        row(out, "peak heap committed (MiB)", rs, r -> mib(r.peaks().heapCommitted()));
        out.println(verdict(rs.get(0), rs.get(rs.size() - 1)));
    }

    /** One line: peak RSS of the largest size against the smallest. */
    static String verdict(Result small, Result large) {
        long a = small.peaks().vmHwm();
        long b = large.peaks().vmHwm();
        if (a <= 0 || b <= 0 || small.tokens() == large.tokens()) {
            return "verdict: needs two sizes and /proc/self/status to compare peaks";
        }
        double perToken = (b - a) / (double) (large.tokens() - small.tokens());
        return String.format("verdict: %s - peak RSS %s MiB at %,d tokens vs %s MiB at %,d tokens (x%.2f for x%.0f"
                + " tokens, %+.3f bytes per extra token)", b <= FLAT * a ? "FLAT" : "NOT FLAT", mib(b),
                large.tokens(), mib(a), small.tokens(), b / (double) a, large.tokens() / (double) small.tokens(),
                perToken);
    }

    private static void row(PrintStream out, String label, List<Result> rs,
                            java.util.function.Function<Result, String> cell) {
        StringBuilder sb = new StringBuilder(String.format("  %-31s", label));
        for (Result r : rs) {
            sb.append(String.format("%24s", cell.apply(r)));
        }
        out.println(sb);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.1f", bytes / 1048576.0);
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
}
