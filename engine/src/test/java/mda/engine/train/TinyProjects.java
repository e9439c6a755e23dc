package mda.engine.train;

import java.nio.file.Path;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.device.Devices;
import mda.engine.jobs.JobRunner;
import mda.engine.model.ModelConfig;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;

/** Tiny projects for training tests: a small synthetic corpus and a 2-layer attention-only model. */
final class TinyProjects {
    static final ModelConfig MODEL = new ModelConfig(2, 32, 2, 0, 32, 32, 0.5, 10000, 1e-5, "neox");

    private TinyProjects() {
    }

    static Project withCorpus(Path dir, int documents) throws Exception {
        Project p = Project.create(dir);
        SyntheticImportJob.Params cp = new SyntheticImportJob.Params("syn", 32, documents, 64, 128, 0.05, 0.01,
                0.0, 0.2, 16, 3);
        JobRunner.runInProcess(p, new SyntheticImportJob(cp), "{}", null, null);
        return p;
    }

    static TrainConfig config(int steps, double lr) {
        TrainConfig d = TrainConfig.defaults("tiny", 4, steps, 11);
        return new TrainConfig("tiny", 4, steps, lr, 2, d.minLrRatio(), d.beta1(), d.beta2(), d.eps(), 0.01,
                d.clipNorm(), 11, 1, Devices.Preference.CPU, CheckpointPolicy.dense());
    }

    static RunRecord run(Project p, String name, TrainConfig tc) {
        return TrainRuns.createOrFind(p, name, "syn", MODEL, tc);
    }
}
