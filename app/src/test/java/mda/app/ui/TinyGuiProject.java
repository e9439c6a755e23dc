package mda.app.ui;

import ai.djl.Device;
import java.nio.file.Path;
import mda.engine.attribution.AttributionJob;
import mda.engine.attribution.HeadSlice;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.device.Devices;
import mda.engine.jobs.CancellationToken;
import mda.engine.jobs.JobRunner;
import mda.engine.jobs.ProgressListener;
import mda.engine.model.ModelConfig;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.CheckpointPolicy;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;
import mda.engine.train.TrainRuns;

/**
 * A real small project made by the engine for the GUI tests: a synthetic corpus, a 2-layer attention-only run of
 * 24 steps with dense checkpoints, and an attribution of head L1.H0 at step 16.
 */
public final class TinyGuiProject {
    public static final String RUN = "toy";
    public static final long ATTRIBUTION_STEP = 16;

    private TinyGuiProject() {
    }

    public static void create(Path dir) throws Exception {
        try (Project p = Project.create(dir)) {
            ProgressListener quiet = ProgressListener.none();
            JobRunner.runInProcess(p, new SyntheticImportJob(new SyntheticImportJob.Params("syn", 32, 60, 40, 80, 0.1,
                    0.01, 0.0, 0.1, 8, 3)), "{}", quiet, new CancellationToken());
            TrainConfig d = TrainConfig.defaults("toy-attn2", 8, 24, 5);
            TrainConfig tc = new TrainConfig("toy-attn2", 8, 24, 3e-3, 2, d.minLrRatio(), d.beta1(), d.beta2(),
                    d.eps(), 0.01, d.clipNorm(), 5, 1, Devices.Preference.CPU, CheckpointPolicy.dense());
            ModelConfig cfg = new ModelConfig(2, 16, 2, 0, 16, 32, 0.5, 10000, 1e-5, "neox");
            RunRecord run = TrainRuns.createOrFind(p, RUN, "syn", cfg, tc);
            JobRunner.runInProcess(p, new TrainJob(run.id()), "{}", quiet, new CancellationToken());
            AttributionJob.Params ap = new AttributionJob.Params(run.id(), ATTRIBUTION_STEP, 1, 0,
                    "copy_target_synthetic", HeadSlice.Mode.QKVO, 0.1, 40, 8);
            JobRunner.runInProcess(p, new AttributionJob(ap, Device.cpu()), "{}", quiet, new CancellationToken());
        }
    }
}
