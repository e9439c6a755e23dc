package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mda.engine.corpus.Samples;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.corpus.TokenStore;
import mda.engine.device.Devices;
import mda.engine.jobs.CancellationToken;
import mda.engine.jobs.JobRunner;
import mda.engine.jobs.ProgressListener;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.store.AttributionRecord;
import mda.engine.store.CheckpointRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.CheckpointPolicy;
import mda.engine.train.DataOrder;
import mda.engine.train.RunFiles;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;
import mda.engine.train.TrainRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attribution job end to end on a toy run trained for a few dozen steps, its score file and its resume. */
class AttributionJobTest {
    @TempDir
    Path tmp;

    private static <R> R run(Project p, mda.engine.jobs.Job<R> job, List<String> log) throws Exception {
        return run(p, job, log, new ArrayList<>());
    }

    /** Runs a job in process, collecting its log lines and the phases of its progress events. */
    private static <R> R run(Project p, mda.engine.jobs.Job<R> job, List<String> log, List<String> phases)
            throws Exception {
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(mda.engine.jobs.ProgressEvent event) {
                phases.add(event.phase() + " " + event.done() + "/" + event.total());
            }

            @Override
            public void onLog(long jobId, String line) {
                log.add(line);
            }
        };
        return JobRunner.runInProcess(p, job, "{}", listener, new CancellationToken());
    }

    @Test
    void scoresEveryTrainedSampleWritesTheRowAndResumesFromSavedFactors() throws Exception {
        try (Project p = Project.create(tmp.resolve("proj"))) {
            List<String> log = new ArrayList<>();
            run(p, new SyntheticImportJob(new SyntheticImportJob.Params("syn", 32, 60, 40, 80, 0.1, 0.01, 0.0, 0.1,
                    8, 3)), log);
            TrainConfig d = TrainConfig.defaults("toy-attn2", 8, 24, 5);
            TrainConfig tc = new TrainConfig("toy-attn2", 8, 24, 3e-3, 2, d.minLrRatio(), d.beta1(), d.beta2(),
                    d.eps(), 0.01, d.clipNorm(), 5, 1, Devices.Preference.CPU, CheckpointPolicy.dense());
            ModelConfig cfg = new ModelConfig(2, 16, 2, 0, 16, 32, 0.5, 10000, 1e-5, "neox");
            RunRecord runRec = TrainRuns.createOrFind(p, "toy", "syn", cfg, tc);
            run(p, new TrainJob(runRec.id()), log);
            long step = 16;
            CheckpointRecord ckpt = p.checkpoints().get(runRec.id(), step).orElseThrow();
            assertTrue(ckpt.hasWeights());

            AttributionJob.Params params = new AttributionJob.Params(runRec.id(), step, 1, 0,
                    "copy_target_synthetic", HeadSlice.Mode.QKVO, 0.1, 40, 8);
            AttributionJob.Result r = run(p, new AttributionJob(params, Device.cpu()), log);
            AttributionRecord rec = r.record();
            assertEquals("scored", rec.status());
            DataOrder order = DataOrder.read(new RunFiles(p, runRec.id()).order());
            long[] cands = AttributionJob.candidates(order, step);
            assertTrue(cands.length > 60 && cands.length <= 16 * 8, "distinct samples of 16 steps of 8");
            AttributionScores s = AttributionScores.load(p.blob(rec.scoresPath()));
            assertEquals(cands.length, s.size());
            assertEquals(r.count(), s.size());
            for (int i = 0; i < cands.length; i++) {
                assertEquals(cands[i], s.sampleIds()[i]);
            }
            assertTrue(r.min() < 0 && r.max() > 0, "a spread of helpful and harmful samples: " + r.min() + " "
                    + r.max());
            assertTrue(Double.isFinite(r.probeValue()) && r.probeValue() < 0, "a log-probability");
            try (var files = Files.list(p.blob("attributions/" + rec.id()))) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("shard-")),
                        "shards are removed once merged");
            }
            assertFalse(Files.exists(p.blob("attributions/" + rec.id() + "/" + FitState.COVARIANCE_FILE))
                    || Files.exists(p.blob("attributions/" + rec.id() + "/" + FitState.LAMBDA_FILE)),
                    "the fit's resume state is removed once factors.bin is written");

            // Token contributions (§3.9): every sample is kept here (fewer than 2 × 256), and each row sums to the
            // stored score.
            TokenContributions tokens = TokenContributions.load(p.blob(AttributionJob.tokensPath(rec.scoresPath())));
            assertEquals(cands.length, tokens.size());
            assertEquals(16, tokens.positions());
            for (int i = 0; i < cands.length; i++) {
                TokenContributions.Row row = tokens.row(cands[i]);
                double sum = 0;
                double abs = 0;
                for (float c : row.contributions()) {
                    sum += c;
                    abs += Math.abs(c);
                }
                assertEquals(s.scores()[i], sum, 1e-5 * abs + 1e-6, "sample " + cands[i]);
                assertEquals(s.scores()[i], row.score(), 1e-6 * abs + 1e-7);
            }

            // Independent recomputation of a few stored scores from the saved factors and checkpoint weights.
            EkfacFactors factors = EkfacFactors.load(p.blob(rec.factorsPath()));
            Samples samples = new Samples(TokenStore.open(p.blob(p.corpora().byName("syn").orElseThrow()
                    .storePath())), 16);
            try (NDManager root = NDManager.newBaseManager();
                 NeoxModel model = ModelIO.load(p.blob(ckpt.path()), root)) {
                model.setRequiresGradient(false);
                HeadGradients g = new HeadGradients(model, 1, true);
                ProbeGradient pg = new ProbeGradient(factors.slice());
                int[][] items = Probe.items(TrainRuns.modelConfig(runRec), runRec.seed(), Probe.DEFAULT_ITEMS);
                pg.add(g.probe(new Probe("copy_target_synthetic", 1, 0), items).taps());
                InfluenceScorer scorer = InfluenceScorer.single(factors.slice(),
                        Ihvp.apply(factors, pg.gradient(1.0 / items.length)));
                for (int k : new int[] {0, cands.length / 2, cands.length - 1}) {
                    int[][] one = {samples.sample(cands[k])};
                    TokenScores ts = scorer.score(g.realLabel(one).taps(), 0);
                    double want = ts.score(0);
                    assertEquals(want, s.scores()[k], 1e-4 * Math.abs(want) + 1e-7, "sample " + cands[k]);
                    float[] stored = tokens.row(cands[k]).contributions();
                    for (int pos = 0; pos < stored.length; pos++) {
                        double c = ts.contributions()[0][pos];
                        assertEquals(c, stored[pos], 1e-4 * Math.abs(c) + 1e-6, "sample " + cands[k] + " @" + pos);
                    }
                }
            }

            // Ranking and analysis views over the stored scores.
            AttributionData data = AttributionData.open(p, rec.id());
            List<TopSamples.Row> top = TopSamples.of(data, 5, false);
            List<TopSamples.Row> bottom = TopSamples.of(data, 5, true);
            assertEquals(r.max(), top.get(0).score(), 0);
            assertEquals(r.min(), bottom.get(0).score(), 0);
            assertTrue(top.get(0).score() >= top.get(4).score());
            assertArrayEquals(tokens.row(top.get(0).sampleId()).contributions(), top.get(0).contributions());
            int[] toks = data.tokens(top.get(0).sampleId());
            var rep = top.get(0).repeat();
            if (rep.length() > 0) {
                assertArrayEquals(java.util.Arrays.copyOfRange(toks, rep.second(), rep.second() + rep.length()),
                        top.get(0).repeatTokens(), "the span occurs twice");
            }
            AttributionAnalysis an = AttributionAnalysis.of(data, 0);
            double pos = 0;
            for (float v : s.scores()) {
                pos += Math.max(0, v);
            }
            assertEquals(pos, an.concentration().positiveMass(), 1e-6 * pos);
            assertTrue(an.spearmanRepeat() >= -1 && an.spearmanRepeat() <= 1);
            assertEquals(Math.round(0.05 * s.size()), an.top5Count());
            assertTrue(an.toJson().contains("positive = helps the head form"));
            Path csv = tmp.resolve("scores.csv");
            an.writeCsv(s, csv);
            assertEquals(s.size() + 1, Files.readAllLines(csv).size());

            // Resume: an interrupted attempt that had saved its factors reuses them and scores identically.
            p.attributions().update(rec.id(), "factors", rec.factorsPath(), null);
            Files.delete(p.blob(rec.scoresPath()));
            AttributionJob.Result again = run(p, new AttributionJob(params, Device.cpu()), log);
            assertEquals(rec.id(), again.record().id());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("reusing fitted factors")));
            assertArrayEquals(s.scores(), AttributionScores.load(p.blob(again.record().scoresPath())).scores());
        }
    }

    @Test
    void twoProbesShareOneFitAndMatchSingleProbeJobs() throws Exception {
        try (Project p = Project.create(tmp.resolve("multi"))) {
            List<String> log = new ArrayList<>();
            run(p, new SyntheticImportJob(new SyntheticImportJob.Params("syn", 32, 60, 40, 80, 0.1, 0.01, 0.0, 0.1,
                    8, 3)), log);
            TrainConfig d = TrainConfig.defaults("toy-attn2", 8, 24, 5);
            TrainConfig tc = new TrainConfig("toy-attn2", 8, 24, 3e-3, 2, d.minLrRatio(), d.beta1(), d.beta2(),
                    d.eps(), 0.01, d.clipNorm(), 5, 1, Devices.Preference.CPU, CheckpointPolicy.dense());
            ModelConfig cfg = new ModelConfig(2, 16, 2, 0, 16, 32, 0.5, 10000, 1e-5, "neox");
            RunRecord runRec = TrainRuns.createOrFind(p, "toy", "syn", cfg, tc);
            run(p, new TrainJob(runRec.id()), log);

            List<String> multiLog = new ArrayList<>();
            AttributionJob.Params both = new AttributionJob.Params(runRec.id(), 16, 1, 0,
                    "copy_target_synthetic, IND_ATTN", HeadSlice.Mode.QKVO, 0.1, 40, 8);
            assertEquals(List.of("copy_target_synthetic", "ind_attn"), both.probeIds());
            List<String> phases = new ArrayList<>();
            AttributionJob.Result multi = run(p, new AttributionJob(both, Device.cpu()), multiLog, phases);
            assertEquals(0, multiLog.stream().filter(l -> l.startsWith("reusing fitted factors")).count());
            // 40 fitting samples make one shard: one fit reports fit-covariance and fit-lambda once each
            assertEquals(List.of("fit-covariance 40/40"), phases.stream().filter(x -> x.startsWith("fit-covariance"))
                    .toList(), phases.toString());
            assertEquals(1, phases.stream().filter(x -> x.startsWith("fit-lambda")).count(), phases.toString());
            assertEquals(2, multi.probes().size());
            AttributionRecord a = multi.probes().get(0).record();
            AttributionRecord b = multi.probes().get(1).record();
            assertEquals("copy_target_synthetic", a.probe());
            assertEquals("ind_attn", b.probe());
            assertEquals("scored", b.status());
            assertTrue(a.id() != b.id());
            // fitted once: the second probe's factors file is a copy of the first's, and no fit state is left
            assertArrayEquals(Files.readAllBytes(p.blob(a.factorsPath())), Files.readAllBytes(p.blob(b.factorsPath())));
            assertEquals("attributions/" + b.id() + "/factors.bin", b.factorsPath());

            for (AttributionJob.Scored got : multi.probes()) {
                // an independent fit for each single-probe job: without recipes no finished factors are taken
                KillFixture.forgetRecipes(p, runRec);
                List<String> singleLog = new ArrayList<>();
                AttributionJob.Params one = new AttributionJob.Params(runRec.id(), 16, 1, 0, got.record().probe(),
                        HeadSlice.Mode.QKVO, 0.1, 40, 8);
                AttributionJob.Result want = run(p, new AttributionJob(one, Device.cpu()), singleLog);
                assertEquals(1, want.probes().size());
                assertTrue(want.record().id() != got.record().id(), "a scored row is not reused");
                assertEquals(want.probeValue(), got.probeValue(), 1e-12 * Math.abs(want.probeValue()));
                AttributionScores ws = AttributionScores.load(p.blob(want.record().scoresPath()));
                AttributionScores gs = AttributionScores.load(p.blob(got.record().scoresPath()));
                assertArrayEquals(ws.sampleIds(), gs.sampleIds());
                assertArrayEquals(ws.meanLoss(), gs.meanLoss());
                double scale = 0;
                for (float v : ws.scores()) {
                    scale = Math.max(scale, Math.abs(v));
                }
                assertTrue(scale > 0, "non-trivial scores for " + got.record().probe());
                for (int i = 0; i < ws.size(); i++) {
                    assertEquals(ws.scores()[i], gs.scores()[i], 1e-6 * Math.abs(ws.scores()[i]) + 1e-9 * scale,
                            got.record().probe() + " sample " + ws.sampleIds()[i]);
                }
                TokenContributions wt = TokenContributions.load(p.blob(AttributionJob.tokensPath(
                        want.record().scoresPath())));
                TokenContributions gt = TokenContributions.load(p.blob(AttributionJob.tokensPath(
                        got.record().scoresPath())));
                assertEquals(wt.size(), gt.size());
                long id = ws.sampleIds()[ws.size() / 2];
                float[] wc = wt.row(id).contributions();
                float[] gc = gt.row(id).contributions();
                for (int t = 0; t < wc.length; t++) {
                    assertEquals(wc[t], gc[t], 1e-6 * Math.abs(wc[t]) + 1e-9 * scale);
                }
                assertEquals(want.min(), got.min(), 1e-6 * scale);
                assertEquals(want.max(), got.max(), 1e-6 * scale);
            }

            // Resume: a multi-probe job whose scoring stopped after the factors reuses them (no refit) and writes
            // identical scores for both probes.
            float[] before = AttributionScores.load(p.blob(b.scoresPath())).scores();
            for (AttributionRecord r : List.of(a, b)) {
                p.attributions().update(r.id(), "factors", r.factorsPath(), null);
                Files.delete(p.blob(r.scoresPath()));
            }
            Files.delete(p.blob(a.factorsPath())); // the second probe's copy alone serves both
            List<String> again = new ArrayList<>();
            AttributionJob.Result resumed = run(p, new AttributionJob(both, Device.cpu()), again);
            assertEquals(a.id(), resumed.probes().get(0).record().id());
            assertEquals(b.id(), resumed.probes().get(1).record().id());
            assertEquals(1, again.stream().filter(l -> l.startsWith("reusing fitted factors")).count());
            assertTrue(Files.exists(p.blob(a.factorsPath())), "the missing copy is restored");
            assertArrayEquals(before, AttributionScores.load(p.blob(b.scoresPath())).scores());
        }
        assertThrows(IllegalArgumentException.class, () -> new AttributionJob.Params(1, 1, 0, 0,
                "ind_attn,ind_attn", HeadSlice.Mode.QK, 0.1, 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AttributionJob.Params(1,
                1, 0, 0, "ind_attn,nope", HeadSlice.Mode.QK, 0.1, 1, 1));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void scoreFileRoundTripsAndRejectsTruncation() throws IOException {
        AttributionScores s = new AttributionScores(new int[] {2, 5, 9}, new float[] {-1.5f, 0f, 3.25f},
                new float[] {2f, 3f, 4f});
        Path f = tmp.resolve("scores.bin");
        s.write(f);
        AttributionScores back = AttributionScores.load(f);
        assertArrayEquals(s.sampleIds(), back.sampleIds());
        assertArrayEquals(s.scores(), back.scores());
        assertArrayEquals(s.meanLoss(), back.meanLoss());
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        IOException e = assertThrows(IOException.class, () -> AttributionScores.load(f));
        assertTrue(e.getMessage().contains("scores.bin"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AttributionScores(new int[] {3, 3},
                new float[2], new float[2]));
    }
}
