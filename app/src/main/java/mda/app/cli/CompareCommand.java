package mda.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import mda.app.charts.ComparisonFigures;
import mda.engine.intervene.ComparisonReport;
import mda.engine.intervene.ComparisonTable;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mda compare BASELINE [RUN|GROUP ...]}: onsets, paired deltas and ratios, areas and the ICL gain of
 * intervention runs against the baseline of their seed, plus overlaid formation and ICL figures with seed bands.
 */
@Command(name = "compare", description = "Compare runs with a baseline: onsets (τ = 0.25/0.5/0.75, bootstrap CIs), "
        + "paired Δ and ratio, area between curves, ICL gain; formation and ICL figures (PNG and SVG).")
final class CompareCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Parameters(index = "0", description = "the baseline run (its seed replicates join it)")
    String baseline;

    @Parameters(index = "1..*", arity = "0..*",
            description = "runs or run groups (e.g. demo:remove-top-k10) to compare; default: every intervention of "
                    + "the baseline")
    List<String> others = List.of();

    @Option(names = "--head", description = "target head as LAYER.HEAD (default: the attribution's head, else the "
            + "baseline's strongest induction head)")
    String head;

    @Option(names = "--out", description = "folder for formation.png/.svg and icl.png/.svg (default: no figures)")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (Project p = project.open()) {
            RunRecord base = HeadsCommand.findRun(p, baseline);
            int[] lh = head == null ? null : AttributeCommand.parseHead(head);
            ComparisonReport report = ComparisonReport.build(p, base, others == null ? List.of() : others, lh);
            System.out.print(ComparisonTable.format(report));
            if (out != null) {
                for (Path f : ComparisonFigures.write(report, out)) {
                    System.out.println("wrote " + f);
                }
            }
        }
        return 0;
    }
}
