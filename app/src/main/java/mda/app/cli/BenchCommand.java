package mda.app.cli;

import ai.djl.Device;
import java.util.List;
import java.util.concurrent.Callable;
import mda.engine.attribution.AttributionBench;
import mda.engine.corpus.importers.MegatronBench;
import mda.engine.device.Devices;
import mda.engine.train.TrainBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mda bench}: training throughput, achieved GFLOP/s against a measured matmul peak, then factor-fit time and
 * scoring tokens/s of an attribution on the same preset, and peak memory.
 */
@Command(name = "bench", description = "Measure training tokens/s, GFLOP/s against a matmul peak, EK-FAC factor-fit "
        + "time, scoring tokens/s and peak memory.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @Option(names = "--preset", defaultValue = "nano", description = "model preset (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--batch", defaultValue = "16", description = "sequences per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--steps", defaultValue = "10", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--megatron", description = "instead, time a synthetic Megatron .idx/.bin pair at each --tokens "
            + "size (written to a temporary folder, imported, sampled, deleted): import and sampling tokens/s, peak "
            + "RSS split into anonymous and file-backed, peak heap, and whether the peak is flat in the token count")
    boolean megatron;

    @Option(names = "--tokens", split = ",", defaultValue = "10000000,100000000", paramLabel = "N[,N...]",
            description = "--megatron: tokens in the synthetic pair, one run per size (default: ${DEFAULT-VALUE})")
    List<Long> tokens;

    @Option(names = "--gui-latency", description = "instead, time the workbench window on a project with --gui-samples "
            + "scored samples (built once under --gui-project, then reused): opening it, loading the attribution into "
            + "the Samples screen, and click -> Sample inspector (median and p95); needs a display (xvfb-run works)")
    boolean guiLatency;

    @Option(names = "--gui-samples", defaultValue = "1000000", description = "--gui-latency: scored samples "
            + "(default: ${DEFAULT-VALUE})")
    long guiSamples;

    @Option(names = "--gui-clicks", defaultValue = "50", description = "--gui-latency: clicks on random top rows "
            + "(default: ${DEFAULT-VALUE})")
    int guiClicks;

    @Option(names = "--gui-ctx", defaultValue = "16", description = "--gui-latency: tokens per sample; 2048 times "
            + "the inspector on Pythia-length samples (default: ${DEFAULT-VALUE})")
    int guiCtx;

    @Option(names = "--gui-project", defaultValue = "${sys:java.io.tmpdir}/mda-gui-bench",
            description = "--gui-latency: the bench project folder (default: ${DEFAULT-VALUE})")
    java.nio.file.Path guiProject;

    @Override
    public Integer call() throws Exception {
        if (guiLatency) {
            mda.app.ui.GuiLatencyBench.run(guiProject, guiSamples, guiCtx, guiClicks, 1, System.out);
            return 0; // Main's System.exit ends the FX toolkit too
        }
        if (megatron) {
            for (long n : tokens) {
                if (n < 2049) {
                    throw new IllegalArgumentException("--tokens must be at least 2049 (one 2049-token window), got "
                            + n);
                }
            }
            MegatronBench.run(tokens, System.out);
            return 0;
        }
        Device device = engine.apply();
        System.out.println("device: " + Devices.describe(device));
        TrainBench.Result r = TrainBench.run(preset, batch, steps, device);
        System.out.printf("preset %s: %,d parameters, batch %d x %d tokens, %d timed steps%n", r.preset(),
                r.parameters(), r.batch(), r.ctx(), r.steps());
        System.out.printf("training: %,.0f tokens/s, %.1f GFLOP/s achieved (%.0f%% of the measured matmul peak "
                + "%.1f GFLOP/s)%n", r.tokensPerSecond(), r.gflops(), 100 * r.gflops() / r.matmulPeakGflops(),
                r.matmulPeakGflops());
        AttributionBench.Result a = AttributionBench.run(preset, batch, steps, device);
        double trainSeconds = a.fitTokens() / r.tokensPerSecond();
        System.out.printf("attribution of L%d.H%d (qkvo): factor fit %.2f s over %,d tokens in %d pass%s; training "
                + "over the same tokens %.2f s; fit/training ratio %.2f (acceptance: below 1)%n", a.layer(), a.head(),
                a.fitSeconds(), a.fitTokens(), a.fitPasses(), a.fitPasses() == 1 ? "" : "es", trainSeconds,
                a.fitSeconds() / trainSeconds);
        System.out.printf("scoring: %,.0f tokens/s = %.2f x training tokens/s%n", a.scoringTokensPerSecond(),
                a.scoringTokensPerSecond() / r.tokensPerSecond());
        System.out.printf("peak memory: %s resident, JVM heap max %d MiB%n",
                r.peakRssBytes() < 0 ? "unknown" : String.format("%.0f MiB", r.peakRssBytes() / 1048576.0),
                Runtime.getRuntime().maxMemory() / 1048576);
        return 0;
    }
}
