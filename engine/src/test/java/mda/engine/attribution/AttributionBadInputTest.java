package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.model.NeoxNames;
import mda.engine.store.CheckpointRecord;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.TrainRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the attribution job must refuse with one line naming the problem, leaving the project as it was: no
 * attribution row and no file under {@code attributions/}.
 */
class AttributionBadInputTest {
    private static final long STEP = 8;

    @TempDir
    static Path tmp;
    private static Project project;
    private static RunRecord run;

    @BeforeAll
    static void trainTinyRun() throws Exception {
        project = Project.create(tmp.resolve("proj"));
        run = KillFixture.trainedRun(project, 60, 8, 8);
    }

    @AfterAll
    static void close() {
        project.close();
    }

    private static String refused(RunRecord r, int layer, int head) {
        AttributionJob.Params params = new AttributionJob.Params(r.id(), STEP, layer, head, "copy_target_synthetic",
                HeadSlice.Mode.QKVO, 0.1, 16, 8);
        Exception e = assertThrows(RuntimeException.class,
                () -> KillFixture.run(project, new AttributionJob(params, Device.cpu()), null));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(project.attributions().forRun(r.id()).isEmpty(), "no attribution row");
        assertFalse(Files.exists(project.blob("attributions")), "no attribution files");
        return e.getMessage();
    }

    @Test
    void headOutOfRange() {
        assertEquals("head L2.H0: layer 2 does not exist; run 'toy' has 2 layers (0..1)", refused(run, 2, 0));
        assertEquals("head L1.H2: head 2 does not exist; run 'toy' has 2 heads per layer (0..1)", refused(run, 1, 2));
        assertEquals("head L-1.H0: layer -1 does not exist; run 'toy' has 2 layers (0..1)", refused(run, -1, 0));
    }

    @Test
    void inductionProbeNeedsAnEarlierLayer() throws Exception {
        assertTrue(refused(run, 0, 0).contains("layer 0 has none; pick a layer in 1..1"));
        ModelConfig one = new ModelConfig(1, 16, 2, 0, 16, 32, 0.5, 10000, 1e-5, "neox");
        RunRecord single = TrainRuns.createOrFind(project, "one-layer", "syn", one,
                mda.engine.train.TrainConfig.fromJson(run.trainJson()));
        String msg = refused(single, 0, 0);
        assertTrue(msg.startsWith("run 'one-layer' has a 1-layer model"), msg);
        assertTrue(msg.contains("previous-token head in an earlier layer"), msg);
    }

    @Test
    void checkpointVocabularyMustMatchTheCorpus() throws Exception {
        // a run whose checkpoint embeds 48 ids, on the 32-token corpus
        ModelConfig wide = TrainRuns.modelConfig(run).withVocab(48);
        RunRecord other = project.runs().insert(RunRecord.draft("wide", run.corpusId(), new com.google.gson.Gson().toJson(wide),
                run.trainJson(), run.seed()));
        CheckpointRecord ck = project.checkpoints().get(run.id(), STEP).orElseThrow();
        project.checkpoints().put(other.id(), STEP, ck.tokensSeen(), ck.path());
        assertEquals("run 'wide' has a 48-token vocabulary but corpus 'syn' is tokenized with 32 tokens: the "
                + "checkpoint was not trained with this corpus's tokenizer", refused(other, 1, 0));

        // the corpus row names another tokenizer than its token store was written with
        CorpusRecord c = project.corpora().get(run.corpusId()).orElseThrow();
        project.corpora().update(new CorpusRecord(c.id(), c.name(), c.kind(), c.tokenizerPath(), c.storePath(), 40,
                c.tokens(), c.documents(), c.created(), c.metaJson()));
        try {
            String msg = refused(run, 1, 0);
            assertTrue(msg.startsWith("corpus 'syn' names a vocabulary of 40 tokens but its token store"), msg);
            assertTrue(msg.endsWith("holds ids of a 32-token tokenizer; re-import the corpus"), msg);
        } finally {
            project.corpora().update(c);
        }
    }

    @Test
    void probeWithoutInductionPositionsIsRefused() throws Exception {
        CheckpointRecord ck = project.checkpoints().get(run.id(), STEP).orElseThrow();
        try (NDManager root = NDManager.newBaseManager();
             NeoxModel model = ModelIO.load(project.blob(ck.path()), root, DataType.FLOAT32)) {
            model.setRequiresGradient(false);
            HeadGradients grads = new HeadGradients(model, 1, true);
            int[][] items = {{1, 2, 3, 4, 5, 6, 1, 2}, {7, 8, 9, 10, 11, 12, 13, 14}}; // the second never repeats
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> grads.probe(new Probe("ind_attn", 1, 0), items));
            assertEquals("probe ind_attn: item 1 of 2 has no induction position (no token occurs twice), so f is "
                    + "undefined; the probe needs sequences with repeats", e.getMessage());
        }
    }

    @Test
    void nonFiniteFactorsAreRefusedBeforeAnyRowOrScore() throws Exception {
        // a checkpoint whose layer-1 activations overflow float32: LN1 gain 1e30 makes the attention scores infinite
        ModelConfig cfg = TrainRuns.modelConfig(run);
        RunRecord bad = project.runs().insert(RunRecord.draft("overflow", run.corpusId(), new com.google.gson.Gson().toJson(cfg),
                run.trainJson(), run.seed()));
        CheckpointRecord ck = project.checkpoints().get(run.id(), STEP).orElseThrow();
        String rel = "runs/" + bad.id() + "/checkpoints/step-" + STEP;
        try (NDManager root = NDManager.newBaseManager();
             NeoxModel model = ModelIO.load(project.blob(ck.path()), root, DataType.FLOAT32)) {
            model.param(NeoxNames.ln1Weight(1)).muli(1e30f);
            ModelIO.save(model, project.blob(rel));
        }
        project.checkpoints().put(bad.id(), STEP, ck.tokensSeen(), rel);
        Files.copy(new mda.engine.train.RunFiles(project, run.id()).order(),
                createParent(new mda.engine.train.RunFiles(project, bad.id()).order()));
        String msg = refused(bad, 1, 0);
        assertTrue(msg.startsWith("EK-FAC gradient covariance S of L1.H0 block QK is not finite (NaN at"), msg);
        assertTrue(msg.endsWith("the checkpoint's activations or gradients overflow at layer 1; refusing to fit or "
                + "score"), msg);
    }

    private static Path createParent(Path p) throws java.io.IOException {
        Files.createDirectories(p.getParent());
        return p;
    }
}
