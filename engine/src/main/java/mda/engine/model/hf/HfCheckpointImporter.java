package mda.engine.model.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobContext;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.model.NeoxNames;
import mda.engine.store.Blobs;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;

/**
 * Imports an HF GPT-NeoX checkpoint folder ({@code config.json} plus {@code model.safetensors} or sharded
 * safetensors with their index; algorithm doc §1.3) as a finished run of the project: a run row (no parent, the
 * config JSON, status DONE) and one checkpoint row at the given step whose weights, saved by {@link ModelIO#save},
 * live at {@code runs/<id>/checkpoints/step-<step>} (the training job's layout). The weights are validated and
 * written to a staging folder first; the rows are inserted and the folder renamed into place in one transaction,
 * so a failure leaves the database unchanged and no run folder behind.
 */
public final class HfCheckpointImporter implements Job<RunRecord> {
    private final Path dir;
    private final String runName;
    private final long step;
    private final long tokensSeen;

    /**
     * @param dir        the HF checkpoint folder
     * @param runName    the new run's name (must not exist)
     * @param step       the training step of these weights (e.g. 143000 for Pythia's final revision)
     * @param tokensSeen tokens trained on at that step, 0 if unknown
     */
    public HfCheckpointImporter(Path dir, String runName, long step, long tokensSeen) {
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
        Path stage = project.blob("runs/.import-" + UUID.randomUUID());
        try {
            try (NDManager m = NDManager.newBaseManager(); NeoxModel model = load(dir, m, ctx)) {
                ctx.checkCancelled();
                ctx.progress("save", 0, 1, stage.toString());
                Blobs.writeDirectoryAtomic(stage, tmp -> ModelIO.save(model, tmp));
            }
            return commit(project, cfg, stage);
        } finally {
            Blobs.deleteTree(stage);
        }
    }

    private RunRecord commit(Project project, ModelConfig cfg, Path stage) {
        Path[] placed = new Path[1];
        try {
            RunRecord run = project.inTransaction(() -> {
                RunRecord r = project.runs().insert(new RunRecord(0, runName, null, ModelIO.configJson(cfg),
                        null, 0, RunStatus.DONE, null, null, null, null, 0, 0, 0, null));
                String rel = "runs/" + r.id() + "/checkpoints/step-" + step;
                try {
                    Path target = project.blob(rel);
                    Blobs.deleteTree(project.blob("runs/" + r.id())); // an orphan of an earlier failed commit
                    Files.createDirectories(target.getParent());
                    Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
                    placed[0] = project.blob("runs/" + r.id());
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
        return o.toString();
    }
}
