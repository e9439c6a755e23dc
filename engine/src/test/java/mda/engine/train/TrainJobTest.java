package mda.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import mda.engine.jobs.JobRunner;
import mda.engine.probe.MetricKind;
import mda.engine.store.MetricSeries;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainJobTest {
    @TempDir
    Path tmp;

    static void train(Project p, RunRecord run) throws Exception {
        TrainJob job = new TrainJob(run.id());
        JobRunner.runInProcess(p, job, job.paramsJson(), null, null);
    }

    /** Every metric series of a run, flattened, for exact comparison. */
    static double[] allMetrics(Project p, long runId) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (String kind : MetricKind.HEAD_KINDS) {
            for (int l = 0; l < 2; l++) {
                for (int h = 0; h < 2; h++) {
                    for (double v : p.metrics().series(runId, kind, l, h).values()) {
                        out.add(v);
                    }
                }
            }
        }
        for (double v : p.metrics().series(runId, MetricKind.ICL_GAIN, -1, -1).values()) {
            out.add(v);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void sameSeedGivesIdenticalDataOrderAndMetrics() throws Exception {
        try (Project a = TinyProjects.withCorpus(tmp.resolve("a"), 300);
             Project b = TinyProjects.withCorpus(tmp.resolve("b"), 300)) {
            RunRecord ra = TinyProjects.run(a, "r", TinyProjects.config(12, 3e-3));
            RunRecord rb = TinyProjects.run(b, "r", TinyProjects.config(12, 3e-3));
            train(a, ra);
            train(b, rb);
            assertArrayEquals(Files.readAllBytes(new RunFiles(a, ra.id()).order()),
                    Files.readAllBytes(new RunFiles(b, rb.id()).order()));
            double[] ma = allMetrics(a, ra.id());
            assertTrue(ma.length > 100, "metrics recorded at every checkpoint: " + ma.length);
            assertArrayEquals(ma, allMetrics(b, rb.id()), 1e-6);
            MetricSeries loss = a.metrics().series(ra.id(), MetricKind.TRAIN_LOSS, -1, -1);
            assertEquals(12, loss.steps()[loss.size() - 1]);
            assertEquals(RunStatus.DONE, a.runs().get(ra.id()).orElseThrow().status());
        }
    }

    @Test
    void cancelledRunResumesToTheSameMetricsAsAnUninterruptedOne() throws Exception {
        try (Project a = TinyProjects.withCorpus(tmp.resolve("a"), 300);
             Project b = TinyProjects.withCorpus(tmp.resolve("b"), 300)) {
            RunRecord ra = TinyProjects.run(a, "r", TinyProjects.config(20, 3e-3));
            RunRecord rb = TinyProjects.run(b, "r", TinyProjects.config(20, 3e-3));
            train(a, ra);
            mda.engine.jobs.CancellationToken token = new mda.engine.jobs.CancellationToken();
            TrainJob job = new TrainJob(rb.id());
            assertThrows(mda.engine.jobs.JobCancelledException.class, () -> JobRunner.runInProcess(b, job,
                    job.paramsJson(), e -> {
                        if (e.done() >= 9 && "train".equals(e.phase())) {
                            token.cancel("test");
                        }
                    }, token));
            assertEquals(RunStatus.CANCELLED, b.runs().get(rb.id()).orElseThrow().status());
            assertTrue(b.metrics().latestStep(rb.id()).orElseThrow() < 20);
            train(b, rb);
            assertArrayEquals(allMetrics(a, ra.id()), allMetrics(b, rb.id()), 1e-6);
        }
    }

    @Test
    void divergingLossStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint() throws Exception {
        try (Project p = TinyProjects.withCorpus(tmp.resolve("p"), 300)) {
            RunRecord r = TinyProjects.run(p, "hot", TinyProjects.config(30, 1e30));
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> train(p, r));
            assertTrue(e.getMessage().startsWith("training diverged"), e.getMessage());
            assertTrue(e.getMessage().contains("last good checkpoint"), e.getMessage());
            RunRecord after = p.runs().get(r.id()).orElseThrow();
            assertEquals(RunStatus.FAILED, after.status());
            var last = p.checkpoints().latestWithWeights(r.id()).orElseThrow();
            // the kept checkpoint loads and holds finite weights
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                mda.engine.model.ModelIO.load(p.blob(last.path()), m).close();
            }
        }
    }

    @Test
    void corpusTooSmallForTheContextIsRefusedClearly() throws Exception {
        try (Project p = TinyProjects.withCorpus(tmp.resolve("p"), 20)) {
            RunRecord r = TinyProjects.run(p, "small", TinyProjects.config(5, 1e-3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(p, r));
            assertTrue(e.getMessage().contains("windows of 33 tokens; training needs at least 128"),
                    e.getMessage());
        }
    }

    @Test
    void resumingWithChangedSettingsIsRefusedNamingTheField() throws Exception {
        try (Project p = TinyProjects.withCorpus(tmp.resolve("p"), 300)) {
            TinyProjects.run(p, "r", TinyProjects.config(5, 1e-3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TinyProjects.run(p, "r", TinyProjects.config(5, 2e-3)));
            assertTrue(e.getMessage().contains("lrMax"), e.getMessage());
        }
    }
}
