package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import mda.engine.analysis.Enrichment;
import mda.engine.corpus.Document;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.jobs.CancellationToken;
import mda.engine.jobs.JobRunner;
import mda.engine.jobs.ProgressListener;
import mda.engine.model.ModelConfig;
import mda.engine.probe.MetricKind;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.CheckpointPolicy;
import mda.engine.train.HeadsReport;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;
import mda.engine.train.TrainRuns;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance "planted catalysts" (issue 3): train the toy attention-only model until an induction head forms on a
 * synthetic corpus where a few documents (at most 5% of the samples) carry long exact repeats of uniform random
 * spans, score that head at the first checkpoint after its onset, and check that the planted samples fill at least
 * 3× their share of the top 5% of the ranking and less than 3× of the bottom 5% — so a flipped sign fails.
 */
@Tag("slow")
class PlantedCatalystsTest {
    /**
     * The demo's corpus and training (near-uniform ids, dense variable-gap copies); planted documents are 1% of the
     * documents and about 4.6% of the samples (they are longer). Measured: top-5% ratio ≥ 3, bottom-5% < 3.
     */
    static final int DOCS = 3000;
    static final double PLANTED = 0.010;
    static final double ZIPF = 0.01;
    static final double REPEAT = 0.3;
    static final int STEPS = 1000;

    @TempDir
    Path tmp;

    @Test
    void plantedLongRepeatSamplesFillAtLeastThreeTimesTheirShareOfTheTopFivePercent() throws Exception {
        try (Project p = Project.create(tmp.resolve("proj"))) {
            run(p, new SyntheticImportJob(new SyntheticImportJob.Params("syn", 128, DOCS, 32, 96, PLANTED, ZIPF, 0.0,
                    REPEAT, 24, 1)));
            TrainConfig d = TrainConfig.defaults("toy-attn2", 32, STEPS, 1);
            TrainConfig tc = new TrainConfig("toy-attn2", 32, STEPS, 3e-3, d.warmupSteps(), d.minLrRatio(),
                    d.beta1(), d.beta2(), d.eps(), 0.01, d.clipNorm(), 1, 1, d.device(), CheckpointPolicy.dense());
            RunRecord created = TrainRuns.createOrFind(p, "toy", "syn", ModelConfig.preset("toy-attn2"), tc);
            run(p, new TrainJob(created.id()));
            RunRecord trained = p.runs().get(created.id()).orElseThrow();
            HeadsReport heads = HeadsReport.build(p, trained, null);
            double score = heads.tables().get(MetricKind.INDUCTION)[heads.inductionLayer()][heads.inductionHead()];
            assertNotNull(heads.onset(), "an induction onset: " + heads.onsetNote());
            assertTrue(score > 0.3, "an induction head formed, score " + score);
            long at = FormationCheckpoint.step(p, heads, FormationCheckpoint.AFTER_ONSET);

            AttributionJob.Params params = new AttributionJob.Params(trained.id(), at, heads.inductionLayer(),
                    heads.inductionHead(), "copy_target_synthetic", HeadSlice.Mode.QKVO, 0.1, 512, 16);
            AttributionJob.Result r = run(p, new AttributionJob(params, Device.cpu()));
            AttributionData data = AttributionData.open(p, r.record().id());
            AttributionScores s = data.scores();
            double[] sc = s.scoresAsDoubles();
            double[] flipped = new double[sc.length];
            boolean[] planted = new boolean[sc.length];
            for (int i = 0; i < sc.length; i++) {
                planted[i] = Document.PLANTED_REPEAT.equals(data.category(s.sampleIds()[i]));
                flipped[i] = -sc[i];
            }
            int k = (int) Math.round(0.05 * sc.length);
            Enrichment top = Enrichment.ofProperty(sc, planted, k);
            Enrichment bottom = Enrichment.ofProperty(flipped, planted, k);
            String msg = String.format("L%d.H%d at step %d: planted %.4f of %d samples, top-5%% ratio %.2f, "
                    + "bottom-5%% ratio %.2f", heads.inductionLayer(), heads.inductionHead(), at, top.baseRate(),
                    sc.length, top.ratio(), bottom.ratio());
            assertTrue(top.baseRate() > 0 && top.baseRate() <= 0.05, msg);
            assertTrue(top.ratio() >= 3, msg);
            assertTrue(bottom.ratio() < 3, msg);
        }
    }

    private static <R> R run(Project p, mda.engine.jobs.Job<R> job) throws Exception {
        ProgressListener quiet = new ProgressListener() {
            @Override
            public void onProgress(mda.engine.jobs.ProgressEvent event) {
            }

            @Override
            public void onLog(long jobId, String line) {
            }
        };
        return JobRunner.runInProcess(p, job, "{}", quiet, new CancellationToken());
    }
}
