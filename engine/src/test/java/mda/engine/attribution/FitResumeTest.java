package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mda.engine.jobs.JobCancelledException;
import mda.engine.jobs.JobContext;
import mda.engine.model.NeoxModel;
import mda.engine.store.JobRecord;
import mda.engine.store.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard-resumable EK-FAC fit: cancelled after some shards of either pass (or exactly at the covariance→Λ
 * boundary) and resumed from its saved state, it ends with the very factors (byte for byte) of an uninterrupted fit.
 */
class FitResumeTest {
    private static final int LAYER = 1;
    private static final int HEAD = 1;
    private static final int SHARD = 4;
    private static final int BATCH = 3; // does not divide the shard: the last batch of each shard is short
    private static final int N = 23; // 6 shards per pass, the last one short

    @TempDir
    Path tmp;

    /** Counts progress calls; cancellation is requested once {@code cancelAfter} of them were seen. */
    private static final class Ctx implements JobContext {
        final int cancelAfter;
        final List<String> progress = new ArrayList<>();
        final List<String> log = new ArrayList<>();

        Ctx(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void progress(String phase, long done, long total, String message) {
            progress.add(phase + " " + done + "/" + total);
        }

        @Override
        public void checkCancelled() {
            if (cancelled()) {
                throw new JobCancelledException("cancelled by the test");
            }
        }

        @Override
        public boolean cancelled() {
            return progress.size() >= cancelAfter;
        }

        @Override
        public void log(String line) {
            log.add(line);
        }

        @Override
        public long jobId() {
            return 0;
        }

        @Override
        public Optional<Project> project() {
            return Optional.empty();
        }

        @Override
        public Optional<JobRecord> resumes() {
            return Optional.empty();
        }
    }

    private interface Body {
        void run(HeadGradients grads, HeadSlice slice, int[][] data, long[] ids) throws Exception;
    }

    private static void withModel(Body body) throws Exception {
        HeadSlice slice = HeadSlice.of(ModelOraclesTest.CFG, LAYER, HEAD, HeadSlice.Mode.QKVO, true);
        int[][] data = ModelOraclesTest.windows(31, N);
        long[] ids = new long[N];
        for (int i = 0; i < N; i++) {
            ids[i] = i;
        }
        try (NDManager root = NDManager.newBaseManager();
             NeoxModel model = NeoxModel.init(ModelOraclesTest.CFG, 13, root, DataType.FLOAT64)) {
            model.setRequiresGradient(false);
            body.run(new HeadGradients(model, LAYER, true), slice, data, ids);
        }
    }

    /** A two-pass fit (no stored gradients), whose Λ pass has its own resume state. */
    private static byte[] fit(HeadGradients g, HeadSlice s, int[][] data, long[] ids, Ctx ctx, Path state, int batch,
            Path out) throws Exception {
        return fit(g, s, data, ids, ctx, state, batch, out, 0);
    }

    private static byte[] fit(HeadGradients g, HeadSlice s, int[][] data, long[] ids, Ctx ctx, Path state, int batch,
            Path out, long storeBudget) throws Exception {
        EkfacFactors f = EkfacFit.fit(g, s, k -> data[(int) k], ids, batch, 77, Damping.defaults(), ctx, state,
                SHARD, storeBudget);
        f.save(out);
        return Files.readAllBytes(out);
    }

    @Test
    void cancelledMidCovarianceResumesToTheUninterruptedFactors() throws Exception {
        withModel((g, s, data, ids) -> {
            Ctx plain = new Ctx(Integer.MAX_VALUE);
            byte[] want = fit(g, s, data, ids, plain, null, BATCH, tmp.resolve("want.bin"));
            assertEquals(12, plain.progress.size(), "one progress report per shard and pass");
            assertEquals("fit-covariance 4/23", plain.progress.get(0));
            assertEquals("fit-lambda 23/23", plain.progress.get(11));

            Path state = tmp.resolve("state");
            Ctx first = new Ctx(2);
            assertThrows(JobCancelledException.class,
                    () -> fit(g, s, data, ids, first, state, BATCH, tmp.resolve("x.bin")));
            assertEquals(List.of("fit-covariance 4/23", "fit-covariance 8/23"), first.progress);
            assertTrue(Files.exists(state.resolve(FitState.COVARIANCE_FILE)));
            assertFalse(Files.exists(state.resolve(FitState.LAMBDA_FILE)));

            Ctx second = new Ctx(Integer.MAX_VALUE);
            byte[] got = fit(g, s, data, ids, second, state, BATCH, tmp.resolve("got.bin"));
            assertEquals("fit-covariance 12/23", second.progress.get(0), "continues after the saved shards");
            assertEquals(10, second.progress.size());
            assertEquals(List.of("resuming fit-covariance at 8/23 samples"), second.log);
            assertArrayEquals(want, got, "resumed factors equal the uninterrupted fit's, byte for byte");

            EkfacFit.deleteState(state);
            assertFalse(Files.exists(state.resolve(FitState.COVARIANCE_FILE)));
            assertFalse(Files.exists(state.resolve(FitState.LAMBDA_FILE)));
        });
    }

    @Test
    void cancelledAtAndAfterTheCovarianceToLambdaBoundaryResumesToTheSameFactors() throws Exception {
        withModel((g, s, data, ids) -> {
            byte[] want = fit(g, s, data, ids, new Ctx(Integer.MAX_VALUE), null, BATCH, tmp.resolve("want.bin"));
            Path state = tmp.resolve("state");

            // Stop exactly when the covariance pass has finished: the eigenbases come from the saved sums.
            Ctx first = new Ctx(6);
            assertThrows(JobCancelledException.class,
                    () -> fit(g, s, data, ids, first, state, BATCH, tmp.resolve("x.bin")));
            assertEquals("fit-covariance 23/23", first.progress.get(5));
            assertFalse(Files.exists(state.resolve(FitState.LAMBDA_FILE)));

            // Then two Λ shards, and stop again: the Λ state (with its bases) is what resumes.
            Ctx second = new Ctx(2);
            assertThrows(JobCancelledException.class,
                    () -> fit(g, s, data, ids, second, state, BATCH, tmp.resolve("x.bin")));
            assertEquals(List.of("fit-lambda 4/23", "fit-lambda 8/23"), second.progress);
            assertTrue(Files.exists(state.resolve(FitState.LAMBDA_FILE)));

            Ctx third = new Ctx(Integer.MAX_VALUE);
            byte[] got = fit(g, s, data, ids, third, state, BATCH, tmp.resolve("got.bin"));
            assertEquals(List.of("resuming fit-lambda at 8/23 samples"), third.log);
            assertEquals(List.of("fit-lambda 12/23", "fit-lambda 16/23", "fit-lambda 20/23", "fit-lambda 23/23"),
                    third.progress);
            assertArrayEquals(want, got, "resumed factors equal the uninterrupted fit's, byte for byte");

            // A state saved by a different fit (another batch size) is not continued: that fit starts afresh.
            Ctx other = new Ctx(Integer.MAX_VALUE);
            fit(g, s, data, ids, other, state, 2, tmp.resolve("other.bin"));
            assertEquals("fit-covariance 4/23", other.progress.get(0));
            assertTrue(other.log.isEmpty());
        });
    }

    @Test
    void onePassFitCancelledMidCovarianceOrBeforeLambdaResumesToTheSameFactors() throws Exception {
        long budget = 1L << 30;
        withModel((g, s, data, ids) -> {
            Ctx plain = new Ctx(Integer.MAX_VALUE);
            byte[] want = fit(g, s, data, ids, plain, null, BATCH, tmp.resolve("want.bin"), budget);
            assertEquals(7, plain.progress.size(), "six covariance shards, then Λ from the stored gradients");
            assertEquals("fit-lambda 23/23", plain.progress.get(6));
            byte[] twoPass = fit(g, s, data, ids, new Ctx(Integer.MAX_VALUE), null, BATCH, tmp.resolve("two.bin"));
            assertFalse(java.util.Arrays.equals(want, twoPass), "Λ from the first pass's labels is another estimate");

            Path state = tmp.resolve("state");
            Ctx first = new Ctx(2);
            assertThrows(JobCancelledException.class,
                    () -> fit(g, s, data, ids, first, state, BATCH, tmp.resolve("x.bin"), budget));
            assertTrue(Files.exists(state.resolve(FitState.COVARIANCE_FILE)));
            assertTrue(Files.exists(state.resolve("fit-gradients-00001.state")));
            Ctx second = new Ctx(4);  // resumes at 8/23 and stops once the covariance pass is done
            assertThrows(JobCancelledException.class,
                    () -> fit(g, s, data, ids, second, state, BATCH, tmp.resolve("x.bin"), budget));
            assertEquals(List.of("resuming fit-covariance at 8/23 samples"), second.log);
            assertEquals("fit-covariance 23/23", second.progress.get(3));
            assertFalse(Files.exists(state.resolve(FitState.LAMBDA_FILE)), "a one-pass fit keeps no Λ state");

            Ctx third = new Ctx(Integer.MAX_VALUE);
            byte[] got = fit(g, s, data, ids, third, state, BATCH, tmp.resolve("got.bin"), budget);
            assertEquals(List.of("resuming fit-covariance at 23/23 samples"), third.log);
            assertEquals(List.of("fit-lambda 23/23"), third.progress);
            assertArrayEquals(want, got, "resumed factors equal the uninterrupted fit's, byte for byte");

            // A two-pass fit does not pick up the one-pass state, and deleting the state removes the gradients.
            Ctx other = new Ctx(Integer.MAX_VALUE);
            fit(g, s, data, ids, other, state, BATCH, tmp.resolve("other.bin"));
            assertTrue(other.log.isEmpty());
            EkfacFit.deleteState(state);
            try (java.util.stream.Stream<Path> left = Files.list(state)) {
                assertEquals(0, left.count(), "no fit state is left behind");
            }
        });
    }

    @Test
    void shardLabelStreamsDependOnSeedPassAndShardOnly() {
        long a = EkfacFit.shardLabels(5, 0, 3).nextLong();
        assertEquals(a, EkfacFit.shardLabels(5, 0, 3).nextLong());
        assertNotEquals(a, EkfacFit.shardLabels(5, 1, 3).nextLong());
        assertNotEquals(a, EkfacFit.shardLabels(5, 0, 4).nextLong());
        assertNotEquals(a, EkfacFit.shardLabels(6, 0, 3).nextLong());
    }
}
