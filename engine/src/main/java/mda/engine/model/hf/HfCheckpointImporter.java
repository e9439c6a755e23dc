package mda.engine.model.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import mda.engine.corpus.Samples;
import mda.engine.corpus.TokenStore;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobContext;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.model.NeoxNames;
import mda.engine.measure.MeasureJob;
import mda.engine.store.Blobs;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import mda.engine.train.CheckpointMeasurement;
import mda.engine.train.DataOrder;
import mda.engine.train.RunFiles;

/**
 * Imports an HF GPT-NeoX checkpoint folder ({@code config.json} plus {@code model.safetensors} or sharded
 * safetensors with their index; algorithm doc §1.3) as a finished run of the project: a run row (no parent, the
 * model config in the same JSON a trained run's row holds, status DONE) and one checkpoint row at the given step
 * whose weights, saved by {@link ModelIO#save}, live at {@code runs/<id>/checkpoints/step-<step>} (the training
 * job's layout). The weights are validated and written to a staging folder first; the rows are inserted and the
 * folder renamed into place in one transaction,
 * so a failure leaves the database unchanged and no run folder behind.
 *
 * <p>With a {@link CorpusLink} the run reads that corpus (its vocabulary must fit the model's) and gets Pythia's
 * preshuffled data order ({@link DataOrder#sequential}: step {@code t} trains on windows {@code t·B .. t·B+B-1},
 * modulo the trainable windows, which are all but the corpus's last {@link CheckpointMeasurement#HELD_OUT}, held out
 * for the NT metrics as in training). That defines the samples seen before the step, so attribution and
 * measurement work on the imported run.
 */
public final class HfCheckpointImporter implements Job<RunRecord> {
    private final Path dir;
    private final String runName;
    private final long step;
    private final long tokensSeen;
    private final CorpusLink link;

    /** Pythia's batch: 1024 packed windows of 2049 tokens per step. */
    public static final int PYTHIA_BATCH = 1024;

    /**
     * The corpus an imported run reads and the shape of its sequential data order.
     *
     * @param corpus    the project corpus's name
     * @param batchSize windows per step ({@link #PYTHIA_BATCH} for Pythia)
     * @param steps     steps the order covers, at least the checkpoint's step; 0 means exactly that step (the
     *                  order costs 4 bytes per slot, so Pythia's full 143000 × 1024 would take 585 MB)
     */
    public record CorpusLink(String corpus, int batchSize, int steps) {
        public CorpusLink {
            if (corpus == null || corpus.isBlank()) {
                throw new IllegalArgumentException("the corpus to link needs a name");
            }
            if (batchSize <= 0 || steps < 0) {
                throw new IllegalArgumentException("order batch " + batchSize + " must be positive and steps "
                        + steps + " not negative");
            }
        }
    }

    /**
     * @param dir        the HF checkpoint folder
     * @param runName    the new run's name (must not exist)
     * @param step       the training step of these weights (e.g. 143000 for Pythia's final revision)
     * @param tokensSeen tokens trained on at that step, 0 if unknown
     */
    public HfCheckpointImporter(Path dir, String runName, long step, long tokensSeen) {
        this(dir, runName, step, tokensSeen, null);
    }

    /** As above, linking the run to a corpus with a sequential data order when {@code link} is not null. */
    public HfCheckpointImporter(Path dir, String runName, long step, long tokensSeen, CorpusLink link) {
        if (runName == null || runName.isBlank()) {
            throw new IllegalArgumentException("imported run needs a name");
        }
        if (step < 0 || tokensSeen < 0) {
            throw new IllegalArgumentException("step " + step + " and tokens seen " + tokensSeen
                    + " must not be negative");
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.runName = runName;
        this.step = step;
        this.tokensSeen = tokensSeen;
        this.link = link;
        if (link != null && link.steps() != 0 && link.steps() < step) {
            throw new IllegalArgumentException("the data order's " + link.steps() + " steps must reach the checkpoint"
                    + " step " + step);
        }
    }

    @Override
    public String kind() {
        return "checkpoint-import-hf";
    }

    /** The validated model config of {@code dir}: HF gpt_neox keys, parallel residual, untied embeddings. */
    public static ModelConfig readConfig(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("HF checkpoint folder not found: " + dir);
        }
        return ModelIO.readConfig(dir);
    }

    /** Reads and validates the weights of {@code dir} into a FLOAT32 model owned by a child of {@code parent}. */
    public static NeoxModel load(Path dir, NDManager parent, JobContext ctx) throws IOException {
        ModelConfig cfg = readConfig(dir);
        Map<String, float[]> values = HfWeights.read(dir, cfg, ctx);
        try (NDManager staging = parent.newSubManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (Map.Entry<String, Shape> e : NeoxNames.shapes(cfg).entrySet()) {
                arrays.put(e.getKey(), staging.create(values.get(e.getKey()), e.getValue()));
            }
            return NeoxModel.fromArrays(cfg, arrays, parent);
        }
    }

    @Override
    public RunRecord run(JobContext ctx) throws Exception {
        Project project = ctx.project().orElseThrow(() -> new IllegalStateException(kind() + " needs a project"));
        if (project.runs().byName(runName).isPresent()) {
            throw new IllegalArgumentException("the project " + project.dir() + " already has a run named '" + runName
                    + "'; choose another name");
        }
        ModelConfig cfg = readConfig(dir);
        CorpusRecord corpus = null;
        DataOrder order = null;
        if (link != null) {
            corpus = project.corpora().byName(link.corpus()).orElseThrow(() -> new IllegalArgumentException(
                    "the project has no corpus named '" + link.corpus() + "'"));
            MeasureJob.requireVocabFits(corpus, cfg);
            long windows = new Samples(TokenStore.open(project.blob(corpus.storePath())), cfg.ctx()).sampleCount();
            CheckpointMeasurement.heldOut(windows); // refuses a corpus too small to hold out the NT windows
            int steps = link.steps() > 0 ? link.steps() : (int) Math.min(Integer.MAX_VALUE, Math.max(1, step));
            order = DataOrder.sequential(windows - CheckpointMeasurement.HELD_OUT, link.batchSize(), steps);
        }
        Path stage = project.blob("runs/.import-" + UUID.randomUUID());
        try {
            try (NDManager m = NDManager.newBaseManager(); NeoxModel model = load(dir, m, ctx)) {
                ctx.checkCancelled();
                ctx.progress("save", 0, 1, stage.toString());
                Blobs.writeDirectoryAtomic(stage, tmp -> ModelIO.save(model, tmp));
            }
            return commit(project, cfg, stage, corpus == null ? null : corpus.id(), order);
        } finally {
            Blobs.deleteTree(stage);
        }
    }

    private RunRecord commit(Project project, ModelConfig cfg, Path stage, Long corpusId, DataOrder order) {
        Path[] placed = new Path[1];
        try {
            RunRecord run = project.inTransaction(() -> {
                RunRecord r = project.runs().insert(new RunRecord(0, runName, corpusId, new Gson().toJson(cfg),
                        null, 0, RunStatus.DONE, null, null, null, null, 0, 0, 0, null));
                String rel = "runs/" + r.id() + "/checkpoints/step-" + step;
                try {
                    Path target = project.blob(rel);
                    Blobs.deleteTree(project.blob("runs/" + r.id())); // an orphan of an earlier failed commit
                    Files.createDirectories(target.getParent());
                    Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
                    placed[0] = project.blob("runs/" + r.id());
                    if (order != null) {
                        order.write(new RunFiles(project, r.id()).order());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot place the imported weights at " + rel + ": " + e, e);
                }
                project.checkpoints().put(r.id(), step, tokensSeen, rel);
                return r;
            });
            return project.runs().get(run.id()).orElseThrow();
        } catch (RuntimeException e) {
            if (placed[0] != null) {
                try {
                    Blobs.deleteTree(placed[0]);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Import parameters as JSON (for a job row). */
    public String paramsJson() {
        JsonObject o = new JsonObject();
        o.addProperty("dir", dir.toString());
        o.addProperty("runName", runName);
        o.addProperty("step", step);
        o.addProperty("tokensSeen", tokensSeen);
        if (link != null) {
            o.addProperty("corpus", link.corpus());
            o.addProperty("orderBatch", link.batchSize());
            o.addProperty("orderSteps", link.steps());
        }
        return o.toString();
    }
}
