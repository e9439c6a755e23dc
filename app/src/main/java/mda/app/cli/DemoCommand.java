package mda.app.cli;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import mda.engine.analysis.PowerLawResult;
import mda.engine.attribution.AttributionAnalysis;
import mda.engine.attribution.AttributionData;
import mda.engine.attribution.AttributionJob;
import mda.engine.attribution.Damping;
import mda.engine.attribution.FormationCheckpoint;
import mda.engine.attribution.HeadSlice;
import mda.engine.attribution.TopSamples;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.corpus.Tokenizer;
import mda.engine.store.AttributionRecord;
import mda.engine.device.Devices;
import mda.engine.jobs.JobParams;
import mda.engine.model.ModelConfig;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import mda.engine.train.CheckpointPolicy;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;
import mda.engine.train.TrainRuns;
import mda.engine.train.HeadsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mda demo}: the pipeline that exists, end to end, in a project folder it creates or reuses — the seeded
 * synthetic corpus with variable-period repeats, a {@code toy-attn2} run with dense early checkpoints, then the
 * per-head table, the formation curve and the onset, then the EK-FAC attribution of the formed induction head (power
 * law, concentration, top samples). A second call reuses the finished run and attribution.
 */
@Command(name = "demo", description = "Build the demo project: corpus, training run, per-head table, onset and the "
        + "attribution of the induction head.")
final class DemoCommand implements Callable<Integer> {
    static final String CORPUS = "synthetic";
    static final String RUN = "demo";
    static final String PROBE = "copy_target_synthetic";
    /**
     * Share of the induction score's rise at which the head is attributed ({@link FormationCheckpoint}): half, i.e. the
     * first checkpoint after the onset. Measured on the demo run (L1.H2, planted samples 17.7% of the trained
     * samples): at step 700, just after the onset, planted samples fill 1.9× their share of the top 5% (copy-target
     * probe; 2.1× with ind_attn), while at the last step, where the copies are already predicted, they fall to 0.02×
     * and the ranking is dominated by samples teaching the head not to copy. The spec's default (0.9 of the rise,
     * §3.11) sits between the two.
     */
    static final double FORMATION_LEVEL = FormationCheckpoint.AFTER_ONSET;

    @Option(names = {"-p", "--project"}, defaultValue = "demo-project",
            description = "project folder, created when missing (default: ${DEFAULT-VALUE})")
    Path dir;

    @Mixin
    EngineOptions engine;

    @Option(names = "--steps", defaultValue = "1000", description = "training steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--seed", defaultValue = "1", description = "run seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--full", description = "then retrain remove-top, remove-random and duplicate-top at k = 10%% for "
            + "3 seeds, compare, and write figures and report.md into the project (resumable)")
    boolean full;

    @Override
    public Integer call() throws Exception {
        Device device = engine.apply();
        boolean fresh = !Files.exists(dir.resolve("project.db"));
        try (Project p = fresh ? Project.create(dir) : Project.open(dir)) {
            System.out.println((fresh ? "created" : "reusing") + " project " + p.dir().toAbsolutePath());
            if (p.corpora().byName(CORPUS).isEmpty()) {
                SyntheticImportJob.Params cp = demoCorpus(seed);
                var c = Jobs.run(p, new SyntheticImportJob(cp), JobParams.toJson(cp));
                System.out.printf("corpus %s: %,d tokens in %,d documents (%.0f%% planted long-repeat documents)%n",
                        c.name(), c.tokens(), c.documents(), 100 * cp.plantedFraction());
                System.out.println("(synthetic, because no configuration tried forms an induction head on the embedded "
                        + "real-text corpus within a CPU budget: docs/demo-config.md; that corpus is "
                        + "'mda corpus import --demo')");
            }
            RunRecord run = TrainRuns.createOrFind(p, RUN, CORPUS, ModelConfig.preset("toy-attn2"),
                    demoTraining(steps, seed, engine));
            if (run.status() != RunStatus.DONE) {
                System.out.println("training " + run.name() + " (toy-attn2, " + steps + " steps) on "
                        + Devices.describe(device));
                TrainJob.Result r = Jobs.run(p, new TrainJob(run.id()), new TrainJob(run.id()).paramsJson());
                System.out.printf("trained in %.0f s (%,.0f tokens/s), final loss %.3f%n", r.seconds(),
                        r.tokens() / Math.max(1e-9, r.seconds()), r.finalLoss());
                run = p.runs().get(run.id()).orElseThrow();
            } else {
                System.out.println("run " + run.name() + " already trained; showing its results");
            }
            System.out.println();
            HeadsReport heads = HeadsReport.build(p, run, null);
            HeadsCommand.print(heads, System.out);
            System.out.println();
            attribute(p, run, heads, device);
            if (full) {
                DemoFull.run(p, run, PROBE);
            }
        }
        return 0;
    }

    /**
     * Scores the formed induction head (the strongest L≥1 head at the last checkpoint) with the copy-target probe,
     * or reuses a finished attribution of the same head, checkpoint and settings, then prints the fit, the
     * concentration and the top samples.
     */
    private void attribute(Project p, RunRecord run, HeadsReport heads, Device device) throws Exception {
        long at = FormationCheckpoint.step(p, heads, FORMATION_LEVEL);
        int layer = heads.inductionLayer();
        int head = heads.inductionHead();
        AttributionRecord done = null;
        for (AttributionRecord r : p.attributions().forRun(run.id())) {
            if (r.step() == at && r.layer() == layer && r.head() == head && r.probe().equals(PROBE)
                    && r.mode().equals("qkvo") && r.damping() == Damping.DEFAULT_FACTOR
                    && "scored".equals(r.status())) {
                done = r;
            }
        }
        if (done == null) {
            System.out.printf("attributing the induction head L%d.H%d at step %d (probe %s, mode qkvo)%n", layer,
                    head, at, PROBE);
            AttributionJob.Params ap = AttributionJob.Params.defaults(run.id(), at, layer, head, PROBE,
                    HeadSlice.Mode.QKVO);
            AttributionJob.Result r = Jobs.run(p, new AttributionJob(ap, device), JobParams.toJson(ap));
            done = r.record();
        } else {
            System.out.printf("attribution %d of L%d.H%d at step %d already scored; showing it%n", done.id(), layer,
                    head, at);
        }
        AttributionData data = AttributionData.open(p, done.id());
        AttributionAnalysis a = AttributionAnalysis.of(data, 0);
        System.out.printf("%,d trained samples scored (positive = helps the head form)%n", a.n());
        PowerLawResult pl = a.powerLaw();
        if (pl == null) {
            System.out.println("power law: too few positive scores to fit");
        } else {
            System.out.printf("power law of the positive scores: alpha %.3f (SE %.3f), xmin %.4g, KS distance %.4f, "
                    + "tail %d of %d%n", pl.alpha(), pl.se(), pl.xmin(), pl.ks(), pl.nTail(), pl.n());
        }
        PowerLawResult neg = a.negativePowerLaw();
        if (neg != null) {
            System.out.printf("power law of the negative scores' magnitudes: alpha %.3f (SE %.3f), xmin %.4g, tail %d "
                    + "of %d%n", neg.alpha(), neg.se(), neg.xmin(), neg.nTail(), neg.n());
        }
        System.out.printf("the top 10%% of samples hold %.1f%% of the positive influence (top 1%%: %.1f%%); Gini %.3f, "
                + "net mass ratio %.3g%n", 100 * a.concentration().top10Share(), 100 * a.concentration().top1Share(),
                a.concentration().gini(), a.concentration().netMassRatio());
        var planted = a.top5Enrichment().get(mda.engine.corpus.Document.PLANTED_REPEAT);
        if (planted != null) {
            System.out.printf("planted long-repeat samples: %.1f%% of all, %.1f%% of the top 5%% (%.2fx)%n",
                    100 * planted.baseRate(), 100 * planted.topShare(), planted.ratio());
        }
        System.out.println();
        System.out.println("top 10 samples, with the longest repeated span and the tokens carrying the influence:");
        Tokenizer tok = AttributionData.tokenizer(p, data.corpus());
        System.out.printf("%5s  %10s  %8s  %-14s  %6s  %s%n", "rank", "score", "sample", "category", "repeat",
                "repeated span");
        for (TopSamples.Row r : TopSamples.of(data, 10, false)) {
            System.out.printf("%5d  %10.4g  %8d  %-14s  %6d  %s%n", r.rank(), r.score(), r.sampleId(), r.category(),
                    r.repeat().length(), TopCommand.oneLine(tok.decode(r.repeatTokens())));
            if (r.contributions() != null) {
                System.out.println("       " + TopCommand.carriers(r, tok, 5, false));
            }
        }
        System.out.printf("%nmore: mda top -p %s --attribution %d, mda analyze -p %s --attribution %d%n", dir,
                done.id(), dir, done.id());
    }

    /**
     * The synthetic corpus: 128 near-uniform ids in short documents (32–96 tokens, so most copies fall inside a
     * 64-token window) where a copy of an earlier span starts at 30% of positions, at a variable gap, so that
     * induction, not a fixed offset, pays off; 5% planted long-repeat documents.
     */
    static SyntheticImportJob.Params demoCorpus(long seed) {
        return new SyntheticImportJob.Params(CORPUS, 128, 6000, 32, 96, 0.05, 0.01, 0.0, 0.3, 24, seed);
    }

    static TrainConfig demoTraining(int steps, long seed, EngineOptions engine) {
        TrainConfig d = TrainConfig.defaults("toy-attn2", 32, steps, seed);
        return new TrainConfig("toy-attn2", 32, steps, 3e-3, d.warmupSteps(), d.minLrRatio(), d.beta1(), d.beta2(),
                d.eps(),
                0.01, d.clipNorm(), seed, engine.threads(), engine.preference(), CheckpointPolicy.dense());
    }
}
