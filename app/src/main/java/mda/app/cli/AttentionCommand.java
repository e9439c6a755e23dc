package mda.app.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import mda.app.ui.attention.AttentionFigure;
import mda.app.ui.attention.AttentionMap;
import mda.app.ui.attention.AttentionQuery;
import mda.app.ui.common.ChartExport;
import mda.engine.store.CheckpointRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.TrainRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mda attention --head L.H}: one head's attention pattern at a checkpoint on repeated random tokens, a corpus
 * sample or typed text, as the Attention screen shows it: its induction and previous-token scores on that input, and
 * the heatmap as a figure.
 */
@Command(name = "attention", description = "One head's attention pattern on repeated random tokens (default), a "
        + "corpus sample or typed text: its induction and previous-token scores on that input, and the heatmap as "
        + "PNG, SVG or PDF (--out).")
final class AttentionCommand implements Callable<Integer> {
    /** Repeat length when none is given: two copies of 16 tokens make a readable heatmap. */
    static final int DEFAULT_REPEAT = 16;

    @Mixin
    ProjectOption project;

    @Mixin
    EngineOptions engine;

    @Option(names = "--run", description = "run name (default: the project's only or latest run)")
    String runName;

    @Option(names = "--step", description = "checkpoint step (default: the last with stored weights)")
    Long step;

    @Option(names = "--head", required = true, description = "the head as LAYER.HEAD, e.g. 1.3")
    String head;

    @Option(names = "--repeat", description = "repeated random tokens: this many, then the same again (default: "
            + DEFAULT_REPEAT + ", at most half the context)")
    Integer repeat;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random tokens (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--sample", description = "the first context of this corpus sample instead")
    Long sample;

    @Option(names = "--text", description = "this text instead (the corpus tokenizer), or token ids as 'ids: 5 9 12'")
    String text;

    @Option(names = "--out", description = "write the heatmap here; the extension picks the format: .png, .svg or .pdf")
    Path out;

    @Mixin
    PaperOptions paper;

    @Override
    public Integer call() throws Exception {
        int inputs = (repeat != null ? 1 : 0) + (sample != null ? 1 : 0) + (text != null ? 1 : 0);
        if (inputs > 1) {
            throw new IllegalArgumentException("give one input: --repeat, --sample or --text");
        }
        int[] lh = AttributeCommand.parseHead(head);
        ChartExport.Preset preset = paper.paper(ChartExport.Preset.DOUBLE_COLUMN); // a heatmap needs the width
        ChartExport.Format format = out == null ? null : PaperOptions.formatOf(out);
        Device device = engine.apply();
        try (Project p = project.open(); AttentionQuery query = new AttentionQuery(device)) {
            RunRecord run = HeadsCommand.findRun(p, runName);
            long s = step != null ? step : p.checkpoints().latestWithWeights(run.id()).map(CheckpointRecord::step)
                    .orElseThrow(() -> new IllegalArgumentException("run " + run.name() + " has no stored weights"));
            String what;
            int[] ids;
            if (sample != null) {
                ids = AttentionQuery.corpusSample(p, run, sample);
                what = "corpus sample " + sample;
            } else if (text != null) {
                ids = query.typed(p, run, text);
                what = "typed input";
            } else {
                int r = repeat != null ? repeat : Math.min(DEFAULT_REPEAT, TrainRuns.modelConfig(run).ctx() / 2);
                ids = AttentionQuery.repeatedRandom(TrainRuns.modelConfig(run), r, seed);
                what = "repeated random tokens (2 × " + r + ", seed " + seed + ")";
            }
            AttentionMap m = query.compute(p, run, s, lh[0], lh[1], ids);
            double ind = m.induction();
            System.out.printf(Locale.ROOT, "L%d.H%d of run %s at step %d on %s, %d tokens%n", lh[0], lh[1],
                    run.name(), s, what, m.length());
            System.out.println(Double.isNaN(ind) ? "induction score: none (no token repeats in this input)"
                    : String.format(Locale.ROOT, "induction score: %.4f", ind));
            System.out.printf(Locale.ROOT, "previous-token score: %.4f%n", m.previousToken());
            if (out != null) {
                ChartExport.write(AttentionFigure.of(m), format, out, preset.widthInches(), preset.widthInches(),
                        paper.dpi);
                System.out.println("wrote " + out);
            }
        }
        return 0;
    }
}
