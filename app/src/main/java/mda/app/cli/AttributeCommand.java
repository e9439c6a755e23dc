package mda.app.cli;

import ai.djl.Device;
import java.util.concurrent.Callable;
import mda.engine.attribution.AttributionJob;
import mda.engine.attribution.HeadSlice;
import mda.engine.store.CheckpointRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mda attribute}: EK-FAC influence of every trained sample on one head's probe (or several, as a comma list
 * sharing one fit and one scoring pass) at one checkpoint.
 */
@Command(name = "attribute", description = "Score every trained sample's influence on a head (EK-FAC, spec §3).")
final class AttributeCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Mixin
    EngineOptions engine;

    @Option(names = "--run", description = "run name (default: the project's latest run)")
    String runName;

    @Option(names = "--checkpoint", description = "checkpoint step with stored weights (default: the latest)")
    Long step;

    @Option(names = "--head", required = true, description = "head as LAYER.HEAD, e.g. 1.3")
    String head;

    @Option(names = "--probe", defaultValue = "copy_target_synthetic",
            description = "copy_target_synthetic (repeated random tokens), copy_target_dataset (windows of the run's "
                    + "corpus) or ind_attn, or several as a comma list (one fit and one scoring pass, one attribution "
                    + "per probe; default: ${DEFAULT-VALUE})")
    String probe;

    @Option(names = "--mode", defaultValue = "qkvo", description = "qk or qkvo (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--damping", defaultValue = "0.1",
            description = "relative damping: lambda = X * mean(Lambda) per block (default: ${DEFAULT-VALUE})")
    double damping;

    @Option(names = "--fit-samples", defaultValue = "10000",
            description = "cap on the EK-FAC fitting subset (default: ${DEFAULT-VALUE})")
    int fitSamples;

    @Option(names = "--batch", defaultValue = "16", description = "sequences per pass (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        int[] lh = parseHead(head);
        HeadSlice.Mode m = HeadSlice.Mode.parse(mode);
        Device device = engine.apply();
        try (Project p = project.open()) {
            RunRecord run = HeadsCommand.findRun(p, runName);
            long s = step != null ? step : p.checkpoints().latestWithWeights(run.id()).map(CheckpointRecord::step)
                    .orElseThrow(() -> new IllegalArgumentException("run " + run.name() + " has no stored weights"));
            AttributionJob.Params params = new AttributionJob.Params(run.id(), s, lh[0], lh[1], probe, m, damping,
                    fitSamples, batch);
            String json = String.format(java.util.Locale.ROOT, "{\"runId\":%d,\"step\":%d,\"layer\":%d,\"head\":%d,"
                    + "\"probe\":\"%s\",\"mode\":\"%s\",\"damping\":%s}", run.id(), s, lh[0], lh[1], probe, mode,
                    damping);
            System.err.printf("attributing L%d.H%d of run %s at step %d (probe %s, mode %s, damping %s)%n", lh[0],
                    lh[1], run.name(), s, probe, mode, damping);
            AttributionJob.Result r = Jobs.run(p, new AttributionJob(params, device), json);
            for (AttributionJob.Scored q : r.probes()) {
                String label = r.probes().size() > 1 ? " (" + q.record().probe() + ")" : "";
                System.out.printf("attribution %d%s: %,d samples scored, scores in [%.6g, %.6g]; probe f = %.6g%n",
                        q.record().id(), label, q.count(), q.min(), q.max(), q.probeValue());
            }
            if (!r.skippedBlocks().isEmpty()) {
                System.out.println("skipped blocks (mean Lambda = 0): " + r.skippedBlocks());
            }
            System.out.println("sign convention: positive = helps the head form; see 'mda top --attribution "
                    + r.record().id() + "'" + (r.probes().size() > 1 ? " (and the other ids above)" : ""));
        }
        return 0;
    }

    static int[] parseHead(String s) {
        String[] parts = s.trim().toUpperCase(java.util.Locale.ROOT).replace("L", "").replace("H", "").split("\\.");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--head must be LAYER.HEAD such as 1.3, got '" + s + "'");
    }
}
