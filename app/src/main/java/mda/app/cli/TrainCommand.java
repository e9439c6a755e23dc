package mda.app.cli;

import ai.djl.Device;
import java.util.concurrent.Callable;
import mda.engine.model.ModelConfig;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import mda.engine.train.CheckpointPolicy;
import mda.engine.train.LrSchedule;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;
import mda.engine.train.TrainRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mda train}: trains (or resumes) a run with dense early checkpoints and head metrics at each. */
@Command(name = "train", description = "Train a model on a project corpus, measuring every head at each checkpoint.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Mixin
    EngineOptions engine;

    @Option(names = "--preset", defaultValue = "toy-attn2",
            description = "model preset: toy-attn2, nano, micro, pythia-14m, pythia-70m, pythia-160m")
    String preset;

    @Option(names = "--name", description = "run name (default: the preset name)")
    String name;

    @Option(names = "--corpus", description = "corpus name (default: the project's only corpus)")
    String corpus;

    @Option(names = "--steps", defaultValue = "1000", description = "optimizer steps S (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch", defaultValue = "32", description = "sequences per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--ctx", description = "context length T (default: the preset's)")
    Integer ctx;

    @Option(names = "--init", description = "initialisation: neox (small + Wang) or hf (N(0, 0.02^2)); default: the preset's")
    String init;

    @Option(names = "--rotary-pct", description = "share of each head's dimensions with rotary (default: the preset's)")
    Double rotaryPct;

    @Option(names = "--rotary-layers", description = "rotary only in the first N layers; later layers see no position "
            + "(default: every layer)")
    Integer rotaryLayers;

    @Option(names = "--layers", description = "transformer layers (default: the preset's)")
    Integer layers;

    @Option(names = "--d-model", description = "residual width d (default: the preset's)")
    Integer dModel;

    @Option(names = "--heads", description = "attention heads per layer (default: the preset's)")
    Integer heads;

    @Option(names = "--mlp", description = "MLP width; 0 for attention-only (default: the preset's)")
    Integer mlp;

    @Option(names = "--lr", defaultValue = "3e-3", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--warmup", description = "warmup steps (default: 1%% of the steps)")
    Integer warmup;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "1", description = "run seed: data order, init, evaluation sets")
    long seed;

    @Override
    public Integer call() throws Exception {
        Device device = engine.apply();
        ModelConfig model = ModelConfig.preset(preset);
        if (ctx != null) {
            model = model.withCtx(ctx);
        }
        if (rotaryPct != null) {
            model = model.withRotaryPct(rotaryPct);
        }
        if (init != null) {
            model = model.withInit(init);
        }
        if (layers != null || dModel != null || heads != null || mlp != null) {
            model = model.withShape(layers != null ? layers : model.layers(), dModel != null ? dModel : model.dModel(),
                    heads != null ? heads : model.heads(), mlp != null ? mlp : model.dFf());
        }
        if (rotaryLayers != null) {
            model = model.withRotaryLayers(rotaryLayers);
        }
        TrainConfig d = TrainConfig.defaults(preset, batch, steps, seed);
        TrainConfig tc = new TrainConfig(preset, batch, steps, lr, warmup != null ? warmup
                : LrSchedule.defaultWarmup(steps), d.minLrRatio(), d.beta1(), d.beta2(), d.eps(), weightDecay,
                d.clipNorm(), seed, engine.threads(), engine.preference(), CheckpointPolicy.dense());
        try (Project p = project.open()) {
            RunRecord run = TrainRuns.createOrFind(p, name != null ? name : preset, corpus, model, tc);
            if (run.status() == RunStatus.DONE) {
                System.out.println("run " + run.name() + " has already finished; see 'mda heads --run "
                        + run.name() + "'");
                return 0;
            }
            System.err.println("training run " + run.name() + " on " + mda.engine.device.Devices.describe(device));
            TrainJob.Result r = Jobs.run(p, new TrainJob(run.id()), new TrainJob(run.id()).paramsJson());
            System.out.printf("run %s finished: %d steps, final loss %.4f, %.0f s, %.0f tokens/s%n", run.name(),
                    r.steps(), r.finalLoss(), r.seconds(), r.tokens() / Math.max(1e-9, r.seconds()));
        }
        return 0;
    }
}
