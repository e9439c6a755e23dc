package mda.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mda.engine.corpus.Samples;
import mda.engine.corpus.TokenStore;
import mda.engine.device.Devices;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobContext;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.probe.CheckpointMetrics;
import mda.engine.probe.CheckpointProbe;
import mda.engine.store.Blobs;
import mda.engine.store.CorpusRecord;
import mda.engine.store.MetricValue;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;

/**
 * Trains one run of the project from its recorded data order, measuring every head metric at each step of
 * C(S) and keeping weights and a resume point on disk. A rerun continues from the resume point and, because the
 * data order, initialisation and evaluation sets are all derived from the run seed, ends with the same metrics as
 * an uninterrupted run.
 */
public final class TrainJob implements Job<TrainJob.Result> {
    /** Held-out natural-text windows for the NT metrics (§2.1: 64), never placed in the data order. */
    static final int HELD_OUT = CheckpointMeasurement.HELD_OUT;
    /** A weight magnitude no healthy run reaches; beyond it the run has diverged even if the loss reads finite. */
    static final float DIVERGED_WEIGHT = 1e15f;

    /** What a finished run reports. */
    public record Result(long runId, int steps, double finalLoss, double seconds, long tokens) {
    }

    /** The job's parameters: the run row to train (its settings live in the row). */
    public record Params(long runId) {
    }

    private final long runId;

    public TrainJob(long runId) {
        this.runId = runId;
    }

    /** The parameters as stored with the job row and passed to a worker process. */
    public String paramsJson() {
        return mda.engine.jobs.JobParams.toJson(new Params(runId));
    }

    @Override
    public String kind() {
        return "train";
    }

    @Override
    public Result run(JobContext ctx) throws Exception {
        Project project = ctx.project().orElseThrow(() -> new IllegalStateException("training needs a project"));
        RunRecord run = project.runs().get(runId)
                .orElseThrow(() -> new IllegalArgumentException("no run with id " + runId));
        ModelConfig cfg = new Gson().fromJson(run.configJson(), ModelConfig.class);
        TrainConfig tc = TrainConfig.fromJson(run.trainJson());
        CorpusRecord corpus = project.corpora().get(run.corpusId())
                .orElseThrow(() -> new IllegalArgumentException("run " + run.name() + " has no corpus"));
        Samples samples = new Samples(TokenStore.open(project.blob(corpus.storePath())), cfg.ctx());
        long total = samples.sampleCount();
        if (total < 2L * HELD_OUT) {
            throw new IllegalArgumentException("corpus '" + corpus.name() + "' has " + total + " windows of "
                    + (cfg.ctx() + 1) + " tokens; training needs at least " + 2 * HELD_OUT
                    + " (use a shorter context or a bigger corpus)");
        }
        long trainable = total - HELD_OUT; // the last windows are held out: the data order covers [0, trainable)
        RunFiles files = new RunFiles(project, runId);
        DataOrder order = loadOrBuildOrder(files, trainable, tc);
        CheckpointProbe probe = CheckpointMeasurement.probe(cfg, samples, tc.seed());
        int[] metricSteps = tc.checkpoints().metricSteps(tc.steps());
        LrSchedule lr = tc.lrSchedule();

        Device device = Devices.choose(tc.device());
        project.runs().setStatus(runId, RunStatus.RUNNING, null);
        project.runs().setEnvironment(runId, device.toString(), Devices.describe(device), tc.threads());
        long started = System.nanoTime();
        try (NDManager root = NDManager.newBaseManager(device)) {
            int startStep;
            NeoxModel model;
            AdamW opt;
            Path resume = files.resume();
            if (Files.exists(resume.resolve(ResumeState.FILE))) {
                ResumeState state = ResumeState.read(resume);
                model = ModelIO.load(resume, root);
                opt = new AdamW(model.parameters(), tc.adamSettings());
                opt.load(resume.resolve(ResumeState.OPTIMIZER));
                startStep = state.step();
                ctx.log("resuming run " + run.name() + " at step " + startStep + " of " + tc.steps());
                if (project.metrics().latestStep(runId).orElse(-1) < startStep) {
                    // killed after the resume point moved but before its metrics were recorded
                    checkpoint(ctx, project, files, probe, model, opt, order, tc, startStep, Double.NaN);
                }
            } else {
                model = NeoxModel.init(cfg, tc.seed(), root);
                opt = new AdamW(model.parameters(), tc.adamSettings());
                startStep = 0;
                checkpoint(ctx, project, files, probe, model, opt, order, tc, 0, Double.NaN);
            }
            model.setRequiresGradient(true);
            double loss = Double.NaN;
            int nextMetric = 0;
            while (nextMetric < metricSteps.length && metricSteps[nextMetric] <= startStep) {
                nextMetric++;
            }
            for (int step = startStep; step < tc.steps(); step++) {
                ctx.checkCancelled();
                loss = trainStep(model, opt, samples, order.batch(step), cfg.ctx(), lr.lr(step), step);
                int done = step + 1;
                if (nextMetric < metricSteps.length && metricSteps[nextMetric] == done) {
                    nextMetric++;
                    checkpoint(ctx, project, files, probe, model, opt, order, tc, done, loss);
                }
                ctx.progress("train", done, tc.steps(), String.format("loss %.4f", loss));
            }
            opt.close();
            model.close();
            project.runs().setStatus(runId, RunStatus.DONE, null);
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Result(runId, tc.steps(), loss, seconds,
                    (long) (tc.steps() - startStep) * tc.batchSize() * cfg.ctx());
        } catch (mda.engine.jobs.JobCancelledException e) {
            project.runs().setStatus(runId, RunStatus.CANCELLED, null);
            throw e;
        } catch (Exception e) {
            project.runs().setStatus(runId, RunStatus.FAILED, e.getMessage());
            throw e;
        }
    }

    private static DataOrder loadOrBuildOrder(RunFiles files, long trainable, TrainConfig tc) {
        Path path = files.order();
        if (Files.exists(path)) {
            DataOrder order = DataOrder.read(path);
            if (order.steps() != tc.steps() || order.batchSize() != tc.batchSize()) {
                throw new IllegalStateException("the stored data order " + path + " has " + order.steps()
                        + " steps of " + order.batchSize() + " but the run asks for " + tc.steps() + " of "
                        + tc.batchSize());
            }
            return order;
        }
        DataOrder order = DataOrder.build(trainable, tc.batchSize(), tc.steps(), tc.seed());
        order.write(path);
        return order;
    }

    /** One optimizer step on the batch; returns the batch's mean token loss. */
    private static double trainStep(NeoxModel model, AdamW opt, Samples samples, long[] batch, int ctx, double lr,
            int step) {
        int b = batch.length;
        int[] in = new int[b * ctx];
        int[] tg = new int[b * ctx];
        for (int s = 0; s < b; s++) {
            int[] w = samples.sample(batch[s]);
            System.arraycopy(w, 0, in, s * ctx, ctx);
            System.arraycopy(w, 1, tg, s * ctx, ctx);
        }
        double loss;
        try (NDManager m = model.manager().newSubManager()) {
            NDArray ids = m.create(in, new Shape(b, ctx));
            NDArray targets = m.create(tg, new Shape(b, ctx));
            opt.zeroGradients();
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray l = NeoxModel.meanLoss(model.forward(ids, null), targets);
                gc.backward(l);
                loss = l.getFloat();
            }
        }
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException("training diverged: the loss is " + loss + " at step " + (step + 1)
                    + "; the last good checkpoint is kept (lower the learning rate and train a new run)");
        }
        try {
            opt.step(lr);
        } catch (IllegalStateException e) {
            throw new TrainingDivergedException("training diverged at step " + (step + 1) + ": " + e.getMessage()
                    + "; the last good checkpoint is kept");
        }
        return loss;
    }

    /** Weights that overflowed are divergence too, even while the loss still reads finite. */
    private static void requireFiniteWeights(NeoxModel model, int step) {
        try (NDManager m = model.manager().newSubManager()) {
            for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                NDArray p = e.getValue();
                float largest = p.abs().max().getFloat();
                // float32 weights past 1e15 have left any trainable regime; NaN fails the comparison too
                if (!(largest < DIVERGED_WEIGHT)) {
                    throw new TrainingDivergedException("training diverged: parameter " + e.getKey()
                            + " reached " + largest + " at step " + step + "; the last good checkpoint is kept "
                            + "(lower the learning rate and train a new run)");
                }
            }
        }
    }

    /** Measures, records metrics, stores weights where the policy says, and moves the resume point here. */
    private void checkpoint(JobContext ctx, Project project, RunFiles files, CheckpointProbe probe, NeoxModel model,
            AdamW opt, DataOrder order, TrainConfig tc, int step, double trainLoss) throws IOException {
        requireFiniteWeights(model, step);
        ctx.progress("train", step, tc.steps(), "measuring heads at step " + step);
        CheckpointMetrics cm = probe.measure(model, step);
        List<MetricValue> values = CheckpointMeasurement.values(cm, trainLoss);
        CheckpointMeasurement.writePerSequence(files, step, cm);
        long tokens = (long) step * tc.batchSize() * model.config().ctx();
        String weights = null;
        if (tc.checkpoints().storesWeights(step, tc.steps())) {
            Blobs.writeDirectoryAtomic(files.checkpoint(step), dir -> ModelIO.save(model, dir));
            weights = files.checkpointRel(step);
        }
        Blobs.writeDirectoryAtomic(files.resume(), dir -> {
            ModelIO.save(model, dir);
            opt.save(dir.resolve(ResumeState.OPTIMIZER));
            new ResumeState(step).write(dir);
        });
        // the metric rows go last: a crash before this point re-measures the same step on resume
        project.checkpoints().put(runId, step, tokens, weights);
        project.metrics().record(runId, step, values);
    }
}
