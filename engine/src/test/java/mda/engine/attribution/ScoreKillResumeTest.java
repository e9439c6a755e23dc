package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import mda.engine.store.AttributionRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of an attribution worker in the middle of scoring (after its first scoring shard was saved), then
 * an in-process rerun: it reuses the row's factors and the saved shard, scores the rest, and every score equals the
 * uninterrupted attribution's within 1e-6 of the largest score.
 */
class ScoreKillResumeTest {
    @TempDir
    Path tmp;

    @Test
    void killedScoringResumesToTheUninterruptedScores() throws Exception {
        try (Project p = Project.create(tmp.resolve("proj"))) {
            RunRecord runRec = KillFixture.trainedRun(p, 700, 72, 24);
            long step = 24;
            AttributionJob.Params params = new AttributionJob.Params(runRec.id(), step, 1, 0,
                    "copy_target_synthetic", HeadSlice.Mode.QKVO, 0.1, 256, 16);
            AttributionJob.Result want = KillFixture.run(p, new AttributionJob(params, Device.cpu()), null);
            assertTrue(want.count() > AttributionJob.SHARD + 64, "two scoring shards: " + want.count());

            CountDownLatch secondShard = new CountDownLatch(1);
            WorkerProcess worker = KillFixture.worker(p, params,
                    e -> e.phase().equals("score") && e.done() > AttributionJob.SHARD, secondShard);
            assertTrue(secondShard.await(120, TimeUnit.SECONDS), "the worker saved a scoring shard");
            ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly(); // kill -9
            WorkerOutcome outcome = worker.waitFor();
            assertEquals(JobState.INTERRUPTED, outcome.state(), outcome.toString());

            AttributionRecord killed = p.attributions().forRun(runRec.id()).stream()
                    .filter(r -> !r.status().equals("scored")).findFirst().orElseThrow();
            assertEquals("factors", killed.status());
            Path dir = KillFixture.dir(p, killed.id());
            assertTrue(Files.exists(dir.resolve("shard-00000.bin")), "the first scoring shard was saved");
            assertFalse(Files.exists(dir.resolve("scores.bin")), "killed before scoring finished");

            List<String> log = new ArrayList<>();
            List<String> progress = new ArrayList<>();
            AttributionJob.Result got = KillFixture.run(p, new AttributionJob(params, Device.cpu()), log, progress);
            assertEquals(killed.id(), got.record().id(), "the rerun finishes the killed attribution");
            assertTrue(log.contains("reusing fitted factors attributions/" + killed.id() + "/factors.bin"), log
                    .toString());
            assertFalse(progress.stream().anyMatch(s -> s.startsWith("fit-")), "no refit: " + progress);
            assertEquals("score " + AttributionJob.SHARD, progress.stream().filter(s -> s.startsWith("score "))
                    .findFirst().orElseThrow(), "the saved shard is skipped, not rescored");
            AttributionScores a = AttributionScores.load(p.blob(want.record().scoresPath()));
            AttributionScores b = AttributionScores.load(p.blob(got.record().scoresPath()));
            double worst = KillFixture.maxRelativeDifference(a, b);
            assertTrue(worst <= 1e-6, "resumed scores match within 1e-6 of the largest score, worst " + worst + " at "
                    + KillFixture.describeDifference(a, b));
        }
    }
}
