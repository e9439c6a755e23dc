package mda.engine.jobs;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Job kinds for the worker tests, registered through {@link JobRegistry#PROVIDERS_PROPERTY} (the child JVM runs
 * with the test class path, so it finds this class). None of them touches DJL.
 */
public final class TestJobs implements JobProvider {
    /**
     * Counts to {@code n}, sleeping {@code sleepMillis} per unit and stopping when cancelled; with {@code noise} it
     * first writes non-protocol lines straight to file descriptor 1, as native code might.
     */
    record CountParams(int n, int sleepMillis, boolean noise) {
        CountParams {
            if (n < 1 || sleepMillis < 0) {
                throw new IllegalArgumentException("n must be ≥ 1 and sleepMillis ≥ 0, got " + n + ", " + sleepMillis);
            }
        }
    }

    /** Reports {@code after} units, then fails with {@code message} ({@code test-fail}) or halts ({@code test-crash}). */
    record StopParams(int after, String message) {}

    @Override
    public Map<String, JobFactory> jobs() {
        return Map.of(
                "test-count", p -> new CountJob(JobParams.fromJson(p, CountParams.class)),
                "test-fail", p -> new StopJob("test-fail", JobParams.fromJson(p, StopParams.class)),
                "test-crash", p -> new StopJob("test-crash", JobParams.fromJson(p, StopParams.class)));
    }

    static final String NOISE = "native noise {not json\n{\"type\":\"progress\",\"jobId\":\"x\"}\n";

    static final class CountJob implements Job<Long> {
        private final CountParams params;

        CountJob(CountParams params) {
            this.params = params;
        }

        @Override
        public String kind() {
            return "test-count";
        }

        @Override
        public Long run(JobContext ctx) throws InterruptedException, IOException {
            System.out.println("stray output from test-count"); // must not reach the protocol stream
            if (params.noise()) {
                FileOutputStream fd1 = new FileOutputStream(FileDescriptor.out);
                fd1.write(NOISE.getBytes(StandardCharsets.UTF_8));
                fd1.flush();
            }
            for (int i = 1; i <= params.n(); i++) {
                ctx.checkCancelled();
                Thread.sleep(params.sleepMillis());
                ctx.progress("count", i, params.n(), null);
            }
            ctx.project().ifPresent(p -> p.settings().put("test-count.result", Integer.toString(params.n())));
            ctx.log("counted to " + params.n());
            return (long) params.n();
        }
    }

    static final class StopJob implements Job<Void> {
        private final String kind;
        private final StopParams params;

        StopJob(String kind, StopParams params) {
            this.kind = kind;
            this.params = params;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public Void run(JobContext ctx) {
            ctx.project().ifPresent(p -> p.settings().put(kind + ".before", "written"));
            for (int i = 1; i <= params.after(); i++) {
                ctx.progress("work", i, 2L * params.after(), null);
            }
            if (kind.equals("test-crash")) {
                Runtime.getRuntime().halt(137); // like a native crash or a kill: no hooks, no result line
            }
            throw new IllegalStateException(params.message());
        }
    }
}
