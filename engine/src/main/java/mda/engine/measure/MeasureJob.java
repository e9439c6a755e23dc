package mda.engine.measure;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import mda.engine.corpus.Samples;
import mda.engine.corpus.TokenStore;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobContext;
import mda.engine.jobs.JobParams;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.probe.CheckpointMetrics;
import mda.engine.probe.CheckpointProbe;
import mda.engine.store.CheckpointRecord;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.CheckpointMeasurement;
import mda.engine.train.RunFiles;
import mda.engine.train.TrainRuns;

/**
 * Measures every head metric (spec §2) on stored checkpoints of any run, imported or trained, and records the
 * metric rows and per-sequence files exactly as training does ({@link CheckpointMeasurement}). The evaluation sets
 * are the run's: RRT from the run seed and, when the run has a corpus, its last {@link CheckpointMeasurement#HELD_OUT}
 * windows as natural text. A run without a corpus gets RRT metrics only (no previous-token-NT, ICL gain or NT loss).
 * Re-measuring a step replaces its head metrics and keeps its recorded training loss.
 */
public final class MeasureJob implements Job<MeasureJob.Result> {
    /** The run and one step to measure; a null step measures every checkpoint with stored weights. */
    public record Params(long runId, Long step) {
    }

    /** The measured steps and whether natural-text metrics were included. */
    public record Result(long runId, long[] steps, boolean naturalText) {
    }

    private final Params params;

    public MeasureJob(Params params) {
        this.params = params;
    }

    @Override
    public String kind() {
        return "measure";
    }

    /** The parameters as stored with the job row. */
    public String paramsJson() {
        return JobParams.toJson(params);
    }

    @Override
    public Result run(JobContext ctx) throws Exception {
        Project project = ctx.project().orElseThrow(() -> new IllegalStateException("measuring needs a project"));
        RunRecord run = project.runs().get(params.runId())
                .orElseThrow(() -> new IllegalArgumentException("no run with id " + params.runId()));
        ModelConfig cfg = TrainRuns.modelConfig(run);
        List<CheckpointRecord> targets = targets(project, run);
        Samples samples = null;
        if (run.corpusId() != null) {
            CorpusRecord corpus = project.corpora().get(run.corpusId()).orElseThrow(() ->
                    new IllegalArgumentException("run " + run.name() + " links a corpus that no longer exists"));
            requireVocabFits(corpus, cfg);
            samples = new Samples(TokenStore.open(project.blob(corpus.storePath())), cfg.ctx());
        } else {
            ctx.log("run " + run.name() + " has no corpus: measuring on repeated random tokens only (no NT metrics)");
        }
        CheckpointProbe probe = CheckpointMeasurement.probe(cfg, samples, run.seed());
        RunFiles files = new RunFiles(project, run.id());
        long[] steps = new long[targets.size()];
        try (NDManager root = NDManager.newBaseManager()) {
            for (int i = 0; i < targets.size(); i++) {
                ctx.checkCancelled();
                CheckpointRecord ck = targets.get(i);
                ctx.progress("measure", i, targets.size(), "measuring heads at step " + ck.step());
                CheckpointMetrics cm;
                try (NDManager m = root.newSubManager();
                     NeoxModel model = ModelIO.load(project.blob(ck.path()), m, DataType.FLOAT32)) {
                    cm = probe.measure(model, ck.step());
                }
                CheckpointMeasurement.writePerSequence(files, ck.step(), cm);
                project.metrics().record(run.id(), ck.step(), CheckpointMeasurement.values(cm, Double.NaN));
                steps[i] = ck.step();
            }
        }
        ctx.progress("measure", targets.size(), targets.size(), "done");
        return new Result(run.id(), steps, samples != null);
    }

    private List<CheckpointRecord> targets(Project project, RunRecord run) {
        if (params.step() != null) {
            CheckpointRecord ck = project.checkpoints().get(run.id(), params.step())
                    .filter(CheckpointRecord::hasWeights)
                    .orElseThrow(() -> new IllegalArgumentException("run " + run.name()
                            + " has no stored weights at step " + params.step()));
            return List.of(ck);
        }
        List<CheckpointRecord> all = new ArrayList<>();
        for (CheckpointRecord ck : project.checkpoints().list(run.id())) {
            if (ck.hasWeights()) {
                all.add(ck);
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("run " + run.name() + " has no checkpoint with stored weights");
        }
        return all;
    }

    /** A corpus whose token ids reach past the model's embedding cannot be fed to it. */
    public static void requireVocabFits(CorpusRecord corpus, ModelConfig cfg) {
        if (corpus.vocab() > cfg.vocab()) {
            throw new IllegalArgumentException("corpus '" + corpus.name() + "' has a vocabulary of " + corpus.vocab()
                    + " tokens but the model has only " + cfg.vocab() + "; use a corpus tokenized for this model");
        }
    }
}
