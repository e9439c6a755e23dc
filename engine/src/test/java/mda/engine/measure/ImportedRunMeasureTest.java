package mda.engine.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import mda.engine.attribution.AttributionJob;
import mda.engine.attribution.AttributionScores;
import mda.engine.attribution.HeadSlice;
import mda.engine.corpus.Samples;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.corpus.TokenStore;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobRunner;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.model.hf.HfCheckpointImporter;
import mda.engine.probe.CheckpointMetrics;
import mda.engine.probe.CheckpointProbe;
import mda.engine.probe.EvalData;
import mda.engine.probe.MetricKind;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.DataOrder;
import mda.engine.train.HeadsReport;
import mda.engine.train.RunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HF-layout checkpoint imported with a corpus: its sequential order, its measured metrics (checked against a
 * probe built independently from the corpus's last 64 windows), the heads report and attribution at its step.
 */
class ImportedRunMeasureTest {
    static final ModelConfig CFG = new ModelConfig(2, 16, 2, 0, 16, 32, 0.5, 10000, 1e-5, "neox");
    static final int STEP = 5;
    static final int BATCH = 8;

    @TempDir
    Path tmp;

    static <R> R run(Project p, Job<R> job) throws Exception {
        return JobRunner.runInProcess(p, job, "{}", null, null);
    }

    static Project withCorpus(Path dir, int vocab) throws Exception {
        Project p = Project.create(dir);
        run(p, new SyntheticImportJob(new SyntheticImportJob.Params("syn", vocab, 60, 40, 80, 0.1, 0.01, 0.0, 0.1,
                8, 3)));
        return p;
    }

    static Path hfFolder(Path dir, ModelConfig cfg) throws Exception {
        try (NDManager m = NDManager.newBaseManager(); NeoxModel model = NeoxModel.init(cfg, 3, m)) {
            ModelIO.save(model, dir); // config.json + model.safetensors with GPT-NeoX names: the HF layout
        }
        return dir;
    }

    @Test
    void importedRunGetsOrderMetricsHeadsAndAttribution() throws Exception {
        try (Project p = withCorpus(tmp.resolve("proj"), 32)) {
            Path hf = hfFolder(tmp.resolve("hf"), CFG);
            RunRecord run = run(p, new HfCheckpointImporter(hf, "pythia-tiny", STEP, 0,
                    new HfCheckpointImporter.CorpusLink("syn", BATCH, 0)));
            assertEquals(p.corpora().byName("syn").orElseThrow().id(), run.corpusId());
            Samples samples = new Samples(TokenStore.open(p.blob(p.corpora().byName("syn").orElseThrow()
                    .storePath())), CFG.ctx());
            long windows = samples.sampleCount();
            assertTrue(windows > 64 + STEP * BATCH, "corpus windows: " + windows);

            DataOrder order = DataOrder.read(new RunFiles(p, run.id()).order());
            assertEquals(DataOrder.Kind.SEQUENTIAL, order.kind());
            assertEquals(STEP, order.steps());
            assertEquals(BATCH, order.batchSize());
            assertEquals(windows - 64, order.sampleCount(), "the last 64 windows are held out");
            assertArrayEquals(new long[] {16, 17, 18, 19, 20, 21, 22, 23}, order.batch(2), "step 2 reads 2B..3B-1");

            MeasureJob.Result mr = run(p, new MeasureJob(new MeasureJob.Params(run.id(), null)));
            assertArrayEquals(new long[] {STEP}, mr.steps());
            assertTrue(mr.naturalText());
            for (String kind : MetricKind.HEAD_KINDS) {
                double[][] t = p.metrics().atStep(run.id(), STEP, kind);
                assertEquals(CFG.layers(), t.length, kind);
                for (double[] layer : t) {
                    assertEquals(CFG.heads(), layer.length, kind);
                    for (double v : layer) {
                        assertTrue(Double.isFinite(v), kind + " " + v);
                    }
                }
            }
            // oracle: the probe on the corpus's last 64 windows with the run seed (0), built here independently
            long[] held = new long[64];
            for (int i = 0; i < 64; i++) {
                held[i] = windows - 64 + i;
            }
            CheckpointMetrics want;
            try (NDManager m = NDManager.newBaseManager();
                 NeoxModel model = ModelIO.load(p.blob(p.checkpoints().get(run.id(), STEP).orElseThrow().path()), m)) {
                want = new CheckpointProbe(EvalData.build(CFG.ctx(), CFG.vocab(), samples, held, 64, false, 0))
                        .measure(model, STEP);
            }
            for (String kind : MetricKind.HEAD_KINDS) {
                double[][] got = p.metrics().atStep(run.id(), STEP, kind);
                for (int l = 0; l < CFG.layers(); l++) {
                    assertArrayEquals(want.heads().get(kind)[l], got[l], 1e-9, kind + " layer " + l);
                }
            }
            double nt = p.metrics().series(run.id(), MetricKind.NT_LOSS, -1, -1).values()[0];
            assertEquals(want.run().get(MetricKind.NT_LOSS), nt, 1e-9);
            assertTrue(nt > Math.log(32) - 1 && nt < Math.log(32) + 1, "an untrained model's loss is near ln V: " + nt);
            assertTrue(Files.exists(new RunFiles(p, run.id()).perSequence(STEP)));

            HeadsReport report = HeadsReport.build(p, p.runs().get(run.id()).orElseThrow(), null);
            assertEquals(STEP, report.step());
            assertEquals(1, report.inductionLayer(), "the induction head is sought from layer 1");
            assertEquals("too few checkpoints for an onset", report.onsetNote());

            AttributionJob.Result ar = run(p, new AttributionJob(new AttributionJob.Params(run.id(), STEP, 1, 0,
                    "copy_target_synthetic", HeadSlice.Mode.QKVO, 0.1, 40, 8), Device.cpu()));
            AttributionScores s = AttributionScores.load(p.blob(ar.record().scoresPath()));
            int[] seen = new int[STEP * BATCH];
            for (int i = 0; i < seen.length; i++) {
                seen[i] = i; // the sequential order's first 5 steps of 8: windows 0..39
            }
            assertArrayEquals(seen, s.sampleIds());
            for (float v : s.scores()) {
                assertTrue(Double.isFinite(v));
            }
        }
    }

    @Test
    void remeasuringATrainedCheckpointReproducesTheTrainingMetrics() throws Exception {
        try (Project p = withCorpus(tmp.resolve("proj"), 32)) {
            var d = mda.engine.train.TrainConfig.defaults("toy-attn2", 4, 3, 5);
            var tc = new mda.engine.train.TrainConfig("toy-attn2", 4, 3, 3e-3, 1, d.minLrRatio(), d.beta1(),
                    d.beta2(), d.eps(), 0.01, d.clipNorm(), 5, 1, mda.engine.device.Devices.Preference.CPU,
                    mda.engine.train.CheckpointPolicy.dense());
            RunRecord r = mda.engine.train.TrainRuns.createOrFind(p, "toy", "syn", CFG, tc);
            run(p, new mda.engine.train.TrainJob(r.id()));
            double[][] trained = p.metrics().atStep(r.id(), 3, MetricKind.INDUCTION);
            double[][] nt = p.metrics().atStep(r.id(), 3, MetricKind.PREV_TOKEN_NT);
            double loss = p.metrics().series(r.id(), MetricKind.TRAIN_LOSS, -1, -1).values()[2];
            p.metrics().record(r.id(), 3, java.util.List.of(
                    mda.engine.store.MetricValue.head(1, 0, MetricKind.INDUCTION, 42.0)));

            run(p, new MeasureJob(new MeasureJob.Params(r.id(), 3L)));
            double[][] again = p.metrics().atStep(r.id(), 3, MetricKind.INDUCTION);
            for (int l = 0; l < CFG.layers(); l++) {
                assertArrayEquals(trained[l], again[l], 1e-6, "layer " + l);
                assertArrayEquals(nt[l], p.metrics().atStep(r.id(), 3, MetricKind.PREV_TOKEN_NT)[l], 1e-6);
            }
            assertEquals(loss, p.metrics().series(r.id(), MetricKind.TRAIN_LOSS, -1, -1).values()[2], 0,
                    "the recorded training loss is kept");
        }
    }

    @Test
    void aRunWithoutCorpusGetsRrtMetricsOnlyAndACorpusTooWideIsRefused() throws Exception {
        try (Project p = withCorpus(tmp.resolve("proj"), 40)) {
            Path hf = hfFolder(tmp.resolve("hf"), CFG);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(p,
                    new HfCheckpointImporter(hf, "wide", STEP, 0, new HfCheckpointImporter.CorpusLink("syn", 8, 0))));
            assertTrue(e.getMessage().contains("corpus 'syn' has a vocabulary of 40 tokens but the model has only 32"),
                    e.getMessage());
            assertTrue(p.runs().byName("wide").isEmpty(), "a refused import leaves no run");

            RunRecord bare = run(p, new HfCheckpointImporter(hf, "bare", STEP, 0));
            assertFalse(Files.exists(new RunFiles(p, bare.id()).order()));
            MeasureJob.Result r = run(p, new MeasureJob(new MeasureJob.Params(bare.id(), (long) STEP)));
            assertFalse(r.naturalText());
            assertEquals(CFG.layers(), p.metrics().atStep(bare.id(), STEP, MetricKind.INDUCTION).length);
            assertEquals(0, p.metrics().atStep(bare.id(), STEP, MetricKind.PREV_TOKEN_NT).length);
            assertTrue(p.metrics().series(bare.id(), MetricKind.ICL_GAIN, -1, -1).size() == 0);
            assertThrows(IllegalArgumentException.class,
                    () -> run(p, new MeasureJob(new MeasureJob.Params(bare.id(), 6L))), "no weights at step 6");
        }
    }
}
