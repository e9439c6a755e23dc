package mda.engine.attribution;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.device.Devices;
import mda.engine.jobs.CancellationToken;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobParams;
import mda.engine.jobs.JobRunner;
import mda.engine.jobs.ProgressEvent;
import mda.engine.jobs.ProgressListener;
import mda.engine.jobs.WorkerProcess;
import mda.engine.model.ModelConfig;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.CheckpointPolicy;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;
import mda.engine.train.TrainRuns;

/** A tiny trained project and the helpers the kill -9 tests share (in-process jobs, a worker killed on an event). */
final class KillFixture {
    static final ModelConfig MODEL = new ModelConfig(2, 16, 2, 0, 16, 32, 0.5, 10000, 1e-5, "neox");

    private KillFixture() {
    }

    /** A synthetic corpus of {@code documents} documents and a toy run of {@code steps} steps of {@code batch}. */
    static RunRecord trainedRun(Project p, int documents, int batch, int steps) throws Exception {
        run(p, new SyntheticImportJob(new SyntheticImportJob.Params("syn", 32, documents, 40, 80, 0.1, 0.01, 0.0,
                0.1, 8, 3)), null);
        TrainConfig d = TrainConfig.defaults("toy-attn2", batch, steps, 5);
        TrainConfig tc = new TrainConfig("toy-attn2", batch, steps, 3e-3, 2, d.minLrRatio(), d.beta1(), d.beta2(),
                d.eps(), 0.01, d.clipNorm(), 5, 1, Devices.Preference.CPU, CheckpointPolicy.dense());
        RunRecord runRec = TrainRuns.createOrFind(p, "toy", "syn", MODEL, tc);
        run(p, new TrainJob(runRec.id()), null);
        return runRec;
    }

    /** Runs a job in this JVM, collecting its log lines (when {@code log} is not null) and progress as "phase done". */
    static <R> R run(Project p, Job<R> job, List<String> log) throws Exception {
        return run(p, job, log, null);
    }

    static <R> R run(Project p, Job<R> job, List<String> log, List<String> progress) throws Exception {
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(ProgressEvent event) {
                if (progress != null) {
                    progress.add(event.phase() + " " + event.done());
                }
            }

            @Override
            public void onLog(long jobId, String line) {
                if (log != null) {
                    log.add(line);
                }
            }
        };
        return JobRunner.runInProcess(p, job, "{}", listener, new CancellationToken());
    }

    /** Starts an attribution worker (a child JVM) and releases the latch at the first progress event that matches. */
    static WorkerProcess worker(Project p, AttributionJob.Params params, Predicate<ProgressEvent> when,
            CountDownLatch latch) throws Exception {
        return WorkerProcess.start(p.dir(), "attribute", JobParams.toJson(params), new ProgressListener() {
            @Override
            public void onProgress(ProgressEvent e) {
                if (when.test(e)) {
                    latch.countDown();
                }
            }
        });
    }

    /**
     * Largest |a − b| over all scores, relative to the largest |a| (ids must agree); 0 for bit-identical files, which
     * is what a resume gives here. A score is a sum of per-token terms of both signs, so a ratio against one score
     * near zero would turn any rounding difference between two processes' kernels into a failure; a resumed shard
     * scored for the wrong samples or from the wrong factors is off by the full scale and fails by orders of magnitude.
     */
    static double maxRelativeDifference(AttributionScores a, AttributionScores b) {
        int i = worstIndex(a, b);
        return i < 0 ? 0 : Math.abs((double) a.scores()[i] - b.scores()[i]) / scale(a);
    }

    /** Where the two score files differ most, for a failure message. */
    static String describeDifference(AttributionScores a, AttributionScores b) {
        int i = worstIndex(a, b);
        return i < 0 ? "bit-identical" : "sample " + a.sampleIds()[i] + ": " + a.scores()[i] + " vs " + b.scores()[i]
                + ", largest |score| " + scale(a);
    }

    private static int worstIndex(AttributionScores a, AttributionScores b) {
        if (a.size() != b.size()) {
            throw new AssertionError("score counts differ: " + a.size() + " vs " + b.size());
        }
        int at = -1;
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            if (a.sampleIds()[i] != b.sampleIds()[i]) {
                throw new AssertionError("sample ids differ at " + i);
            }
            double d = Math.abs((double) a.scores()[i] - b.scores()[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        return at;
    }

    private static double scale(AttributionScores a) {
        double m = 0;
        for (float v : a.scores()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Deletes the fit recipes of every attribution of {@code run}, so that the next job fits its own factors instead
     * of taking a finished attribution's (for tests that need an independent fit).
     */
    static void forgetRecipes(Project p, RunRecord run) throws java.io.IOException {
        for (var r : p.attributions().forRun(run.id())) {
            java.nio.file.Files.deleteIfExists(dir(p, r.id()).resolve(FitRecipe.FILE));
        }
    }

    static Path dir(Project p, long attributionId) {
        return p.blob("attributions/" + attributionId);
    }
}
