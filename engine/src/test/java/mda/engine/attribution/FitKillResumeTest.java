package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mda.engine.jobs.WorkerOutcome;
import mda.engine.jobs.WorkerProcess;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of an attribution worker in the middle of the factor fit, then an in-process rerun: it continues
 * from the saved shard state and its scores equal those of an uninterrupted attribution within 1e-6 of the largest
 * score (here they are bit-identical: each shard's sums are deterministic and added in shard order in float64).
 */
class FitKillResumeTest {
    @TempDir
    Path tmp;

    @Test
    void killedFitResumesToTheUninterruptedScores() throws Exception {
        try (Project p = Project.create(tmp.resolve("proj"))) {
            RunRecord runRec = KillFixture.trainedRun(p, 300, 40, 24);
            // 600 fitting samples: three covariance and three Λ shards of EkfacFit.SHARD = 256
            AttributionJob.Params params = new AttributionJob.Params(runRec.id(), 16, 1, 0,
                    "copy_target_synthetic", HeadSlice.Mode.QKVO, 0.1, 600, 16);
            AttributionJob.Result want = KillFixture.run(p, new AttributionJob(params, Device.cpu()), null);
            assertTrue(want.count() > 600, "more candidates than the fitting cap: " + want.count());
            KillFixture.forgetRecipes(p, runRec); // the worker fits anew instead of taking these factors

            CountDownLatch firstShard = new CountDownLatch(1);
            WorkerProcess worker = KillFixture.worker(p, params,
                    e -> e.phase().equals("fit-covariance") && e.done() >= EkfacFit.SHARD, firstShard);
            assertTrue(firstShard.await(120, TimeUnit.SECONDS), "the worker finished a covariance shard");
            ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly(); // kill -9
            WorkerOutcome outcome = worker.waitFor();
            assertEquals(JobState.INTERRUPTED, outcome.state(), outcome.toString());

            assertEquals(1, p.attributions().forRun(runRec.id()).size(), "no row until the factors exist");
            Path fitDir = p.blob(new AttributionJob(params, Device.cpu()).fitFolder());
            assertFalse(Files.exists(fitDir.resolve("factors.bin")), "killed before the fit finished");
            assertTrue(Files.exists(fitDir.resolve(FitState.COVARIANCE_FILE)), "a saved covariance shard state");

            List<String> log = new ArrayList<>();
            AttributionJob.Result got = KillFixture.run(p, new AttributionJob(params, Device.cpu()), log);
            assertTrue(log.stream().anyMatch(l -> l.matches("resuming fit-(covariance|lambda) at [1-9]\\d*/600 "
                    + "samples")), "the rerun continued the saved fit: " + log);
            assertNotEquals(want.record().id(), got.record().id());
            assertFalse(Files.exists(fitDir), "fit state removed once the row has its factors.bin");
            assertTrue(Files.exists(KillFixture.dir(p, got.record().id()).resolve("factors.bin")));
            AttributionScores a = AttributionScores.load(p.blob(want.record().scoresPath()));
            AttributionScores b = AttributionScores.load(p.blob(got.record().scoresPath()));
            double worst = KillFixture.maxRelativeDifference(a, b);
            assertTrue(worst <= 1e-6, "resumed scores match within 1e-6 of the largest score, worst " + worst + " at "
                    + KillFixture.describeDifference(a, b));
        }
    }
}
