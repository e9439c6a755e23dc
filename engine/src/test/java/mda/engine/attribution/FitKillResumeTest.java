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
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.device.Devices;
import mda.engine.jobs.CancellationToken;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobParams;
import mda.engine.jobs.JobRunner;
import mda.engine.jobs.ProgressListener;
import mda.engine.jobs.WorkerOutcome;
import mda.engine.jobs.WorkerProcess;
import mda.engine.model.ModelConfig;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.CheckpointPolicy;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;
import mda.engine.train.TrainRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of an attribution worker in the middle of the factor fit, then an in-process rerun: it continues
 * from the saved shard state and its scores equal those of an uninterrupted attribution.
 */
class FitKillResumeTest {
    @TempDir
    Path tmp;

    private static <R> R run(Project p, Job<R> job) throws Exception {
        return run(p, job, new ArrayList<>());
    }

    private static <R> R run(Project p, Job<R> job, List<String> log) throws Exception {
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(mda.engine.jobs.ProgressEvent event) {
            }

            @Override
            public void onLog(long jobId, String line) {
                log.add(line);
            }
        };
        return JobRunner.runInProcess(p, job, "{}", listener, new CancellationToken());
    }

    @Test
    void killedFitResumesToTheUninterruptedScores() throws Exception {
        try (Project p = Project.create(tmp.resolve("proj"))) {
            run(p, new SyntheticImportJob(new SyntheticImportJob.Params("syn", 32, 300, 40, 80, 0.1, 0.01, 0.0, 0.1,
                    8, 3)));
            TrainConfig d = TrainConfig.defaults("toy-attn2", 40, 24, 5);
            TrainConfig tc = new TrainConfig("toy-attn2", 40, 24, 3e-3, 2, d.minLrRatio(), d.beta1(), d.beta2(),
                    d.eps(), 0.01, d.clipNorm(), 5, 1, Devices.Preference.CPU, CheckpointPolicy.dense());
            ModelConfig cfg = new ModelConfig(2, 16, 2, 0, 16, 32, 0.5, 10000, 1e-5, "neox");
            RunRecord runRec = TrainRuns.createOrFind(p, "toy", "syn", cfg, tc);
            run(p, new TrainJob(runRec.id()));
            // 600 fitting samples: three covariance and three Λ shards of EkfacFit.SHARD = 256
            AttributionJob.Params params = new AttributionJob.Params(runRec.id(), 16, 1, 0,
                    "copy_target_synthetic", HeadSlice.Mode.QKVO, 0.1, 600, 16);
            AttributionJob.Result want = run(p, new AttributionJob(params, Device.cpu()));
            assertTrue(want.count() > 600, "more candidates than the fitting cap: " + want.count());

            CountDownLatch firstShard = new CountDownLatch(1);
            WorkerProcess worker = WorkerProcess.start(p.dir(), "attribute", JobParams.toJson(params),
                    new ProgressListener() {
                        @Override
                        public void onProgress(mda.engine.jobs.ProgressEvent e) {
                            if (e.phase().equals("fit-covariance") && e.done() >= EkfacFit.SHARD) {
                                firstShard.countDown();
                            }
                        }
                    });
            assertTrue(firstShard.await(120, TimeUnit.SECONDS), "the worker finished a covariance shard");
            ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly(); // kill -9
            WorkerOutcome outcome = worker.waitFor();
            assertEquals(JobState.INTERRUPTED, outcome.state(), outcome.toString());

            var killed = p.attributions().forRun(runRec.id()).stream()
                    .filter(r -> !r.status().equals("scored")).findFirst().orElseThrow();
            assertNotEquals(want.record().id(), killed.id());
            Path dir = p.blob("attributions/" + killed.id());
            assertFalse(Files.exists(dir.resolve("factors.bin")), "killed before the fit finished");
            assertTrue(Files.exists(dir.resolve(FitState.COVARIANCE_FILE)), "a saved covariance shard state");

            List<String> log = new ArrayList<>();
            AttributionJob.Result got = run(p, new AttributionJob(params, Device.cpu()), log);
            assertTrue(log.stream().anyMatch(l -> l.matches("resuming fit-(covariance|lambda) at [1-9]\\d*/600 "
                    + "samples")), "the rerun continued the saved fit: " + log);
            assertEquals(killed.id(), got.record().id(), "the rerun continues the killed attribution");
            assertFalse(Files.exists(dir.resolve(FitState.COVARIANCE_FILE))
                    || Files.exists(dir.resolve(FitState.LAMBDA_FILE)), "state removed with factors.bin written");
            AttributionScores a = AttributionScores.load(p.blob(want.record().scoresPath()));
            AttributionScores b = AttributionScores.load(p.blob(got.record().scoresPath()));
            assertEquals(a.size(), b.size());
            double scale = Math.max(Math.abs(want.min()), Math.abs(want.max()));
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.sampleIds()[i], b.sampleIds()[i]);
                // float32 taps: the worker process may order a reduction differently
                assertEquals(a.scores()[i], b.scores()[i], 1e-5 * Math.abs(a.scores()[i]) + 1e-6 * scale,
                        "sample " + a.sampleIds()[i]);
            }
        }
    }
}
