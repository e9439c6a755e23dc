package mda.engine.model.hf;

import static mda.engine.corpus.importers.ImportHarness.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import mda.engine.corpus.importers.ImportHarness;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.model.NeoxNames;
import mda.engine.store.CheckpointRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HF checkpoint import: sharded F16/BF16 parity with the rounded float model, the run rows, and refusals. */
class HfCheckpointImporterTest {
    @TempDir
    Path tmp;
    Project project;
    final ModelConfig cfg = HfFixture.CFG;
    final Map<String, float[]> weights = HfFixture.weights(cfg, 11);

    @BeforeEach
    void setUp() {
        project = Project.create(tmp.resolve("proj"));
    }

    @AfterEach
    void tearDown() {
        project.close();
    }

    private float[] logits(NeoxModel m, NDManager mgr) {
        NDArray ids = mgr.create(new long[] {1, 5, 9, 23, 0, 4, 4, 17, 2, 11, 6, 3}, new Shape(1, 12));
        return m.forward(ids, null).toFloatArray();
    }

    private void parity(String dtype, int shards) throws Exception {
        Path dir = HfFixture.write(tmp.resolve("hf-" + dtype), cfg, weights, dtype, shards);
        RunRecord run = new HfCheckpointImporter(dir, "pythia-" + dtype, 143000, 300_000_000_000L)
                .run(new ImportHarness.Ctx(project));
        assertEquals(RunStatus.DONE, run.status());
        assertNull(run.parentRunId());
        assertEquals(cfg, mda.engine.train.TrainRuns.modelConfig(run), "the run row holds the config as a trained run does");
        CheckpointRecord ck = project.checkpoints().get(run.id(), 143000).orElseThrow();
        assertEquals(300_000_000_000L, ck.tokensSeen());
        assertEquals("runs/" + run.id() + "/checkpoints/step-143000", ck.path());
        try (NDManager mgr = NDManager.newBaseManager()) {
            Map<String, NDArray> ref = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<String, Shape> e : NeoxNames.shapes(cfg).entrySet()) {
                float[] r = HfFixture.rounded(weights.get(e.getKey()), dtype);
                changed |= !java.util.Arrays.equals(r, weights.get(e.getKey()));
                ref.put(e.getKey(), mgr.create(r, e.getValue()));
            }
            assertEquals(!dtype.equals("F32"), changed, dtype + " storage rounds the weights unless F32");
            try (NeoxModel expected = NeoxModel.fromArrays(cfg, ref, mgr);
                 NeoxModel imported = ModelIO.load(project.blob(ck.path()), mgr, DataType.FLOAT32)) {
                float[] a = logits(expected, mgr);
                float[] b = logits(imported, mgr);
                assertEquals(12 * cfg.vocab(), a.length);
                double worst = 0;
                for (int i = 0; i < a.length; i++) {
                    worst = Math.max(worst, Math.abs(a[i] - b[i]));
                }
                assertTrue(worst <= 1e-5, dtype + " logits differ by " + worst);
            }
        }
    }

    @Test
    void shardedF16MatchesTheRoundedModel() throws Exception {
        parity("F16", 3);
    }

    @Test
    void shardedBf16MatchesTheRoundedModel() throws Exception {
        parity("BF16", 2);
    }

    @Test
    void singleF32FileImports() throws Exception {
        parity("F32", 1);
    }

    private HfCheckpointImporter importer(Path dir) {
        return new HfCheckpointImporter(dir, "imported", 1000, 0);
    }

    @Test
    void refusesAMissingTensor() throws Exception {
        Map<String, float[]> w = new LinkedHashMap<>(weights);
        w.remove(NeoxNames.denseBias(1));
        Path dir = tmp.resolve("missing");
        HfFixture.write(dir, cfg, weights, "F16", 1);
        Files.delete(dir.resolve(HfWeights.SINGLE));
        Map<String, long[]> shapes = HfFixture.shapes(cfg);
        HfFixture.writeFile(dir.resolve(HfWeights.SINGLE), w, shapes, "F16");
        assertRefused(project, importer(dir), dir.resolve(HfWeights.SINGLE).toString(),
                "tensor " + NeoxNames.denseBias(1) + " is missing");
    }

    @Test
    void refusesATensorMissingFromTheWeightMap() throws Exception {
        Path dir = HfFixture.write(tmp.resolve("wm"), cfg, weights, "BF16", 2);
        Path index = dir.resolve(HfWeights.INDEX);
        Files.writeString(index, Files.readString(index).replace("\"" + NeoxNames.EMBED_OUT + "\"", "\"other\""));
        assertRefused(project, importer(dir), index.toString(), "tensor embed_out.weight is missing from the weight_map");
    }

    @Test
    void refusesATensorListedButAbsentFromItsShard() throws Exception {
        Path dir = HfFixture.write(tmp.resolve("absent"), cfg, weights, "F16", 2);
        Path index = dir.resolve(HfWeights.INDEX);
        String wrong = HfFixture.shardName(1, 2);
        String right = HfFixture.shardName(0, 2);
        // embed_in is the first tensor, so it lives in shard 1; point the index at shard 2.
        Files.writeString(index, Files.readString(index).replace("\"" + NeoxNames.EMBED_IN + "\":\"" + right + "\"",
                "\"" + NeoxNames.EMBED_IN + "\":\"" + wrong + "\""));
        assertRefused(project, importer(dir), dir.resolve(wrong).toString(), "tensor " + NeoxNames.EMBED_IN
                + " is missing");
    }

    @Test
    void refusesAMissingShardFile() throws Exception {
        Path dir = HfFixture.write(tmp.resolve("noshard"), cfg, weights, "F16", 3);
        Files.delete(dir.resolve(HfFixture.shardName(2, 3)));
        assertRefused(project, importer(dir), dir.resolve(HfWeights.INDEX).toString(),
                "shard " + HfFixture.shardName(2, 3));
    }

    @Test
    void refusesAMisshapenTensor() throws Exception {
        Path dir = HfFixture.write(tmp.resolve("shape"), cfg, weights, "F32", 1);
        Map<String, long[]> shapes = HfFixture.shapes(cfg);
        shapes.put(NeoxNames.qkvWeight(0), new long[] {16, 48}); // transposed
        HfFixture.writeFile(dir.resolve(HfWeights.SINGLE), weights, shapes, "F32");
        assertRefused(project, importer(dir), dir.resolve(HfWeights.SINGLE).toString(),
                "tensor " + NeoxNames.qkvWeight(0) + " has shape [16, 48] but config.json implies [48, 16]");
    }

    @Test
    void refusesNanWeights() throws Exception {
        Map<String, float[]> w = new LinkedHashMap<>(weights);
        float[] v = w.get(NeoxNames.mlpInWeight(1)).clone();
        v[7] = Float.NaN;
        w.put(NeoxNames.mlpInWeight(1), v);
        Path dir = HfFixture.write(tmp.resolve("nan"), cfg, w, "BF16", 2);
        String msg = assertRefused(project, importer(dir), "tensor " + NeoxNames.mlpInWeight(1),
                "non-finite value NaN at flat index 7");
        assertTrue(msg.contains(".safetensors"), msg);
    }

    @Test
    void refusesTiedEmbeddings() throws Exception {
        Path dir = HfFixture.write(tmp.resolve("tied"), cfg, weights, "F32", 1);
        HfFixture.setConfig(dir, "tie_word_embeddings", true);
        assertRefused(project, importer(dir), dir.resolve("config.json").toString(), "tied embeddings");
    }

    @Test
    void refusesSequentialResidual() throws Exception {
        Path dir = HfFixture.write(tmp.resolve("seq"), cfg, weights, "F32", 1);
        HfFixture.setConfig(dir, "use_parallel_residual", false);
        assertRefused(project, importer(dir), dir.resolve("config.json").toString(), "use_parallel_residual=false");
    }

    @Test
    void refusesAConfigWithoutAKey() throws Exception {
        Path dir = HfFixture.write(tmp.resolve("nokey"), cfg, weights, "F32", 1);
        Path c = dir.resolve("config.json");
        Files.writeString(c, Files.readString(c).replace("\"hidden_size\"", "\"hidden\""));
        assertRefused(project, importer(dir), c.toString(), "hidden_size");
    }

    @Test
    void refusesAFolderWithoutWeights() throws Exception {
        Path dir = HfFixture.write(tmp.resolve("noweights"), cfg, weights, "F32", 1);
        Files.delete(dir.resolve(HfWeights.SINGLE));
        assertRefused(project, importer(dir), dir.toString(), "holds neither model.safetensors nor");
    }

    @Test
    void refusesShardsWithoutAnIndex() throws Exception {
        Path dir = HfFixture.write(tmp.resolve("noindex"), cfg, weights, "F16", 2);
        Files.delete(dir.resolve(HfWeights.INDEX));
        assertRefused(project, importer(dir), dir.toString(), "has safetensors shards but no " + HfWeights.INDEX);
    }

    @Test
    void refusesAMissingFolder() throws Exception {
        assertRefused(project, importer(tmp.resolve("none")), tmp.resolve("none").toString(), "not found");
    }

    @Test
    void refusesTheSameRunNameTwice() throws Exception {
        Path dir = HfFixture.write(tmp.resolve("twice"), cfg, weights, "F32", 1);
        importer(dir).run(new ImportHarness.Ctx(project));
        assertRefused(project, importer(dir), "already has a run named 'imported'");
    }
}
