package mda.engine.intervene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mda.engine.attribution.AttributionJob;
import mda.engine.attribution.AttributionScores;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.device.Devices;
import mda.engine.jobs.CancellationToken;
import mda.engine.jobs.JobCancelledException;
import mda.engine.jobs.JobRunner;
import mda.engine.jobs.ProgressEvent;
import mda.engine.jobs.ProgressListener;
import mda.engine.model.ModelConfig;
import mda.engine.store.AttributionRecord;
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

/** The intervention job on a tiny trained run: child runs, their data orders, resume after interruption. */
class InterventionJobTest {
    private static final ModelConfig MODEL = new ModelConfig(2, 16, 2, 0, 16, 32, 0.5, 10000, 1e-5, "neox");
    private static final int STEPS = 10;
    private static final int WINDOW = 6;

    @TempDir
    Path tmp;

    /** A project with a trained 10-step baseline and a scored attribution at step 6 (scores: a function of id). */
    static long[] setUp(Project p) throws Exception {
        JobRunner.runInProcess(p, new SyntheticImportJob(new SyntheticImportJob.Params("syn", 32, 200, 40, 80, 0.1,
                0.01, 0.0, 0.1, 8, 3)), "{}", null, null);
        TrainConfig d = TrainConfig.defaults("tiny", 4, STEPS, 5);
        TrainConfig tc = new TrainConfig("tiny", 4, STEPS, 3e-3, 2, d.minLrRatio(), d.beta1(), d.beta2(), d.eps(),
                0.01, d.clipNorm(), 5, 1, Devices.Preference.CPU, CheckpointPolicy.dense());
        RunRecord base = TrainRuns.createOrFind(p, "base", "syn", MODEL, tc);
        TrainJob tj = new TrainJob(base.id());
        JobRunner.runInProcess(p, tj, tj.paramsJson(), null, null);
        DataOrder order = DataOrder.read(new RunFiles(p, base.id()).order());
        long[] cands = AttributionJob.candidates(order, WINDOW);
        int[] ids = new int[cands.length];
        float[] scores = new float[cands.length];
        for (int i = 0; i < cands.length; i++) {
            ids[i] = (int) cands[i];
            scores[i] = (float) Math.cos(cands[i] * 3.7);
        }
        AttributionRecord a = p.attributions().insert(AttributionRecord.draft(base.id(), WINDOW, 1, 0,
                "copy_target_synthetic", "qkvo", 0.1));
        String rel = "attributions/" + a.id() + "/scores.bin";
        new AttributionScores(ids, scores, new float[ids.length]).write(p.blob(rel));
        p.attributions().update(a.id(), "scored", null, rel);
        return new long[] {base.id(), a.id()};
    }

    private static Set<Long> top(Project p, long attributionId, int count) throws Exception {
        long[] t = PlanEditor.ranked(AttributionScores.load(p.blob(p.attributions().get(attributionId).orElseThrow()
                .scoresPath())), count, true);
        Set<Long> s = new HashSet<>();
        for (long id : t) {
            s.add(id);
        }
        return s;
    }

    @Test
    void trainsEveryPlanSeedAndBaselineReplicateOnTheRightDataOrders() throws Exception {
        try (Project p = Project.create(tmp.resolve("p"))) {
            long[] ids = setUp(p);
            InterventionJob.Params params = new InterventionJob.Params(ids[0], ids[1], "remove-top", 25, 2, 2, "auto");
            InterventionJob.Result r = JobRunner.runInProcess(p, new InterventionJob(params), "{}", null, null);
            RunRecord base = p.runs().get(ids[0]).orElseThrow();
            assertEquals(List.of("base:baseline:s2", "base:remove-top-k25:s1", "base:remove-top-k25:s2"),
                    r.trained());
            DataOrder baseOrder = DataOrder.read(new RunFiles(p, base.id()).order());
            RunRecord replicate = r.baselines().get(1);
            assertEquals(base.seed() + 1, replicate.seed());
            assertEquals(baseOrder, DataOrder.read(new RunFiles(p, replicate.id()).order()),
                    "a baseline replicate shares the manifest; only its init seed differs");
            Set<Long> removed = top(p, ids[1], r.edit().samples().length);
            for (RunRecord child : r.runs()) {
                assertEquals(RunStatus.DONE, child.status());
                assertEquals(base.id(), child.parentRunId());
                assertEquals(r.edit().plan(), InterventionPlan.fromJson(child.planJson()));
                DataOrder o = DataOrder.read(new RunFiles(p, child.id()).order());
                for (long i = 0; i < o.slotCount(); i++) {
                    if (removed.contains(baseOrder.sampleAt(i))) {
                        assertFalse(removed.contains(o.sampleAt(i)));
                    } else {
                        assertEquals(baseOrder.sampleAt(i), o.sampleAt(i), "slot " + i);
                    }
                }
                assertEquals(p.metrics().series(base.id(), "induction", 1, 0).steps().length,
                        p.metrics().series(child.id(), "induction", 1, 0).steps().length, "same schedule");
            }
            assertEquals(base.seed(), r.runs().get(0).seed());
            assertEquals(base.seed() + 1, r.runs().get(1).seed());
            ComparisonReport.Group g = r.report().groups().get(0);
            assertEquals("base:remove-top-k25", g.label());
            assertEquals(2, g.induction().pairs().size());
            assertEquals(replicate.name(), g.induction().pairs().get(1).baseRun(), "paired by seed");
            assertTrue(ComparisonTable.format(r.report()).contains("base:remove-top-k25:s2"));
            // a second call keeps everything and trains nothing
            InterventionJob.Result again = JobRunner.runInProcess(p, new InterventionJob(params), "{}", null, null);
            assertEquals(List.of(), again.trained());
            // a run of the same name under another plan is refused, not mixed
            RunRecord clash = p.runs().insert(RunRecord.draft("base:remove-random-k25:s1", base.corpusId(),
                    base.configJson(), base.trainJson(), base.seed()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobRunner.runInProcess(
                    p, new InterventionJob(new InterventionJob.Params(ids[0], ids[1], "remove-random", 25, 2, 1,
                            "auto")), "{}", null, null));
            assertTrue(e.getMessage().contains(clash.name()), e.getMessage());

            // syn-markup writes text, which a corpus of synthetic ids cannot encode: refused, nothing made
            int runsBefore = p.runs().list().size();
            IllegalArgumentException markup = assertThrows(IllegalArgumentException.class, () -> JobRunner
                    .runInProcess(p, new InterventionJob(new InterventionJob.Params(ids[0], ids[1], "syn-markup", 25,
                            2, 1, "auto")), "{}", null, null));
            assertTrue(markup.getMessage().contains("syn-markup") && markup.getMessage().contains("syn"),
                    markup.getMessage());
            assertEquals(runsBefore, p.runs().list().size(), "no run was created");

            // the same plan from a second attribution of the run gets runs of its own, and a rerun finds them
            AttributionRecord second = p.attributions().insert(AttributionRecord.draft(base.id(), WINDOW, 1, 1,
                    "copy_target_synthetic", "qkvo", 0.1));
            String rel = "attributions/" + second.id() + "/scores.bin";
            AttributionScores first = AttributionScores.load(p.blob(p.attributions().get(ids[1]).orElseThrow()
                    .scoresPath()));
            float[] flipped = first.scores().clone();
            for (int i = 0; i < flipped.length; i++) {
                flipped[i] = -flipped[i];
            }
            new AttributionScores(first.sampleIds(), flipped, new float[flipped.length]).write(p.blob(rel));
            p.attributions().update(second.id(), "scored", null, rel);
            InterventionJob.Params other = new InterventionJob.Params(ids[0], second.id(), "remove-top", 25, 2, 1,
                    "auto");
            InterventionJob.Result r2 = JobRunner.runInProcess(p, new InterventionJob(other), "{}", null, null);
            String name = "base:remove-top-k25-a" + second.id() + ":s1";
            assertEquals(name, r2.runs().get(0).name());
            assertEquals(List.of(name), r2.trained(), "only the new attribution's run trains");
            assertEquals("base:remove-top-k25:s1", p.runs().byName("base:remove-top-k25:s1").orElseThrow().name());
            assertEquals(List.of(), JobRunner.runInProcess(p, new InterventionJob(other), "{}", null, null)
                    .trained());
        }
    }

    @Test
    void interruptedJobContinuesAndLosesNoFinishedRun() throws Exception {
        try (Project p = Project.create(tmp.resolve("p"))) {
            long[] ids = setUp(p);
            InterventionJob.Params params = new InterventionJob.Params(ids[0], ids[1], "duplicate-top", 25, 2, 2,
                    "auto");
            List<String> log = new ArrayList<>();
            CancellationToken token = new CancellationToken();
            ProgressListener stopInSecondRun = new ProgressListener() {
                @Override
                public void onProgress(ProgressEvent e) {
                    long finished = log.stream().filter(l -> l.startsWith("training ")).count();
                    if (finished >= 2 && "train".equals(e.phase()) && e.done() >= 5) {
                        token.cancel("test");
                    }
                }

                @Override
                public void onLog(long jobId, String line) {
                    log.add(line);
                }
            };
            assertThrows(JobCancelledException.class, () -> JobRunner.runInProcess(p, new InterventionJob(params),
                    "{}", stopInSecondRun, token));
            RunRecord first = p.runs().byName("base:baseline:s2").orElseThrow();
            RunRecord second = p.runs().byName("base:duplicate-top-k25-m2:s1").orElseThrow();
            assertEquals(RunStatus.DONE, first.status());
            assertEquals(RunStatus.CANCELLED, second.status());
            long stoppedAt = p.metrics().latestStep(second.id()).orElseThrow();
            assertTrue(stoppedAt < STEPS, "stopped mid-run at " + stoppedAt);
            double[] firstMetrics = p.metrics().series(first.id(), "induction", 1, 0).values();

            List<String> log2 = new ArrayList<>();
            InterventionJob.Result r = JobRunner.runInProcess(p, new InterventionJob(params), "{}",
                    new ProgressListener() {
                        @Override
                        public void onProgress(ProgressEvent e) {
                        }

                        @Override
                        public void onLog(long jobId, String line) {
                            log2.add(line);
                        }
                    }, null);
            assertEquals(List.of("base:duplicate-top-k25-m2:s1", "base:duplicate-top-k25-m2:s2"), r.trained());
            assertTrue(log2.contains("run base:baseline:s2 already trained; kept"), log2.toString());
            assertTrue(log2.stream().anyMatch(l -> l.startsWith("resuming run base:duplicate-top-k25-m2:s1 at step")),
                    log2.toString());
            assertEquals(first.updated(), p.runs().get(first.id()).orElseThrow().updated(), "not retrained");
            org.junit.jupiter.api.Assertions.assertArrayEquals(firstMetrics,
                    p.metrics().series(first.id(), "induction", 1, 0).values(), 0);
            for (RunRecord c : r.runs()) {
                assertEquals(RunStatus.DONE, c.status());
                assertEquals(STEPS, p.metrics().latestStep(c.id()).orElseThrow());
            }
        }
    }
}
