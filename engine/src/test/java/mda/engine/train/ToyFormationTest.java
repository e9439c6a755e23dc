package mda.engine.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.device.Devices;
import mda.engine.jobs.JobRunner;
import mda.engine.model.ModelConfig;
import mda.engine.probe.MetricKind;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toy configuration that {@code mda demo} and {@code mda train --preset toy-attn2} use forms an induction head
 * on the synthetic variable-gap corpus: induction ≥ 0.5 at both repeat lengths in layer 1, a previous-token head in
 * layer 0, and an onset that is detected rather than censored. About a minute of training on one thread.
 */
class ToyFormationTest {
    @TempDir
    Path tmp;

    @Test
    void toyPresetFormsAnInductionHeadOnTheSyntheticCorpus() throws Exception {
        try (Project p = Project.create(tmp.resolve("toy"))) {
            SyntheticImportJob.Params cp = new SyntheticImportJob.Params("synthetic", 128, 6000, 32, 96, 0.05, 0.01,
                    0.0, 0.3, 24, 1);
            JobRunner.runInProcess(p, new SyntheticImportJob(cp), "{}", null, null);
            TrainConfig d = TrainConfig.defaults("toy-attn2", 32, 1000, 1);
            TrainConfig tc = new TrainConfig("toy-attn2", 32, 1000, 3e-3, d.warmupSteps(), d.minLrRatio(), d.beta1(),
                    d.beta2(), d.eps(), 0.01, d.clipNorm(), 1, 1, Devices.Preference.CPU, CheckpointPolicy.dense());
            RunRecord run = TrainRuns.createOrFind(p, "toy", "synthetic", ModelConfig.preset("toy-attn2"), tc);
            TrainJob job = new TrainJob(run.id());
            JobRunner.runInProcess(p, job, job.paramsJson(), null, null);

            HeadsReport r = HeadsReport.build(p, p.runs().get(run.id()).orElseThrow(), null);
            int l = r.inductionLayer();
            int h = r.inductionHead();
            double ind = r.tables().get(MetricKind.INDUCTION)[l][h];
            double indShort = r.tables().get(MetricKind.INDUCTION_SHORT)[l][h];
            assertTrue(l == 1 && ind >= 0.5 && indShort >= 0.5,
                    "induction head L" + l + ".H" + h + ": " + ind + " / " + indShort);
            double prev = r.tables().get(MetricKind.PREV_TOKEN)[r.prevLayer()][r.prevHead()];
            assertTrue(r.prevLayer() == 0 && prev >= 0.4, "previous-token head L" + r.prevLayer() + ": " + prev);
            assertNotNull(r.onset(), r.onsetNote());
            assertFalse(r.onset().estimate().rightCensored(), r.onsetNote());
            assertTrue(r.iclAfterOnset() > r.iclBeforeOnset() + 0.5,
                    "ICL gain " + r.iclBeforeOnset() + " -> " + r.iclAfterOnset());
        }
    }
}
