package mda.engine.intervene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mda.engine.analysis.RepeatedSpans;
import mda.engine.attribution.AttributionJob;
import mda.engine.attribution.AttributionScores;
import mda.engine.corpus.Samples;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.corpus.TokenStore;
import mda.engine.device.Devices;
import mda.engine.jobs.JobRunner;
import mda.engine.model.ModelConfig;
import mda.engine.store.AttributionRecord;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import mda.engine.train.CheckpointPolicy;
import mda.engine.train.DataOrder;
import mda.engine.train.RunFiles;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;
import mda.engine.train.TrainRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SYN plans in a project: synthetic samples saved as a derived corpus that the retrain reads; the control. */
class SyntheticPlanJobTest {
    private static final ModelConfig MODEL = new ModelConfig(2, 16, 2, 0, 64, 32, 1.0, 10000, 1e-5, "hf");
    private static final int STEPS = 12;
    private static final int WINDOW = 10;

    @TempDir
    Path tmp;

    /** A trained 12-step baseline; scores = repeated-span tokens of each sample, so TOP holds repeated structure. */
    private static long[] setUp(Project p) throws Exception {
        JobRunner.runInProcess(p, new SyntheticImportJob(new SyntheticImportJob.Params("syn", 32, 150, 60, 120, 0.2,
                0.01, 0.0, 0.3, 12, 3)), "{}", null, null);
        TrainConfig d = TrainConfig.defaults("tiny", 4, STEPS, 5);
        TrainConfig tc = new TrainConfig("tiny", 4, STEPS, 3e-3, 2, d.minLrRatio(), d.beta1(), d.beta2(), d.eps(),
                0.01, d.clipNorm(), 5, 1, Devices.Preference.CPU, CheckpointPolicy.dense());
        RunRecord base = TrainRuns.createOrFind(p, "base", "syn", MODEL, tc);
        JobRunner.runInProcess(p, new TrainJob(base.id()), "{}", null, null);
        Samples samples = samples(p, p.corpora().byName("syn").orElseThrow());
        long[] cands = AttributionJob.candidates(DataOrder.read(new RunFiles(p, base.id()).order()), WINDOW);
        int[] ids = new int[cands.length];
        float[] scores = new float[cands.length];
        for (int i = 0; i < cands.length; i++) {
            ids[i] = (int) cands[i];
            scores[i] = RepeatedSpans.find(samples.sample(cands[i]), 4).stream()
                    .mapToInt(RepeatedSpans.Span::length).sum() + (float) (1e-3 * Math.cos(i));
        }
        AttributionRecord a = p.attributions().insert(AttributionRecord.draft(base.id(), WINDOW, 1, 0,
                "copy_target_synthetic", "qkvo", 0.1));
        String rel = "attributions/" + a.id() + "/scores.bin";
        new AttributionScores(ids, scores, new float[ids.length]).write(p.blob(rel));
        p.attributions().update(a.id(), "scored", null, rel);
        return new long[] {base.id(), a.id()};
    }

    private static Samples samples(Project p, CorpusRecord c) throws Exception {
        return new Samples(TokenStore.open(p.blob(c.storePath())), MODEL.ctx());
    }

    @Test
    void synRandomRetrainsOnSavedSyntheticSamplesAndTheControlUsesTheSameSlots() throws Exception {
        try (Project p = Project.create(tmp.resolve("p"))) {
            long[] ids = setUp(p);
            InterventionJob.Result r = JobRunner.runInProcess(p, new InterventionJob(new InterventionJob.Params(
                    ids[0], ids[1], "syn-random", 10, 2, 1, "auto")), "{}", null, null);
            RunRecord base = p.runs().get(ids[0]).orElseThrow();
            RunRecord child = r.runs().get(0);
            assertEquals(RunStatus.DONE, child.status());
            assertTrue(child.corpusId() != (long) base.corpusId(), "the retrain reads the derived corpus");
            CorpusRecord derived = p.corpora().get(child.corpusId()).orElseThrow();
            Samples natural = samples(p, p.corpora().get(base.corpusId()).orElseThrow());
            Samples mixed = samples(p, derived);
            DataOrder baseOrder = DataOrder.read(new RunFiles(p, base.id()).order());
            long trainable = baseOrder.sampleCount();
            // every natural and held-out window reads the same tokens; synthetic windows hold the saved samples
            for (long k = 0; k < trainable; k++) {
                assertArrayEquals(natural.sample(k), mixed.sample(k), "window " + k);
            }
            long extra = mixed.sampleCount() - natural.sampleCount();
            assertEquals(2L * r.edit().copySlots().length + 1, extra);
            for (long k = trainable; k < natural.sampleCount(); k++) {
                assertArrayEquals(natural.sample(k), mixed.sample(k + extra), "held-out window " + k);
            }
            JsonObject saved = JsonParser.parseString(Files.readString(p.blob("corpora/" + derived.name())
                    .resolve("synthetic.json"))).getAsJsonObject();
            assertEquals("syn-random", saved.getAsJsonObject("generator").get("kind").getAsString());
            assertEquals(base.seed(), saved.getAsJsonObject("generator").get("planSeed").getAsLong());
            JsonArray list = saved.getAsJsonArray("samples");
            assertEquals(r.edit().copySlots().length, list.size());
            DataOrder childOrder = DataOrder.read(new RunFiles(p, child.id()).order());
            for (int i = 0; i < list.size(); i++) {
                JsonObject s = list.get(i).getAsJsonObject();
                long id = s.get("sampleId").getAsLong();
                int[] tokens = new com.google.gson.Gson().fromJson(s.get("tokens"), int[].class);
                assertEquals(MODEL.ctx() + 1, tokens.length);
                assertArrayEquals(tokens, mixed.sample(id), "synthetic sample " + i + " as the trainer reads it");
                assertEquals(id, childOrder.sampleAt(s.get("slot").getAsLong()));
                assertTrue(s.has("seed") && s.getAsJsonArray("spans").size() > 0);
            }
            // the control writes reserve natural samples into the same slots, on the base corpus
            InterventionJob.Result c = JobRunner.runInProcess(p, new InterventionJob(new InterventionJob.Params(
                    ids[0], ids[1], "syn-control", 10, 2, 1, "auto")), "{}", null, null);
            assertArrayEquals(r.edit().copySlots(), c.edit().copySlots());
            assertEquals(base.corpusId(), c.runs().get(0).corpusId());
            assertEquals(InterventionPlan.Fill.RESERVE, c.edit().plan().fill());
            // rerunning keeps the finished run and reuses the saved samples
            InterventionJob.Result again = JobRunner.runInProcess(p, new InterventionJob(new InterventionJob.Params(
                    ids[0], ids[1], "syn-random", 10, 2, 1, "auto")), "{}", null, null);
            assertEquals(List.of(), again.trained());
            assertEquals(derived.id(), (long) again.runs().get(0).corpusId());
        }
    }
}
