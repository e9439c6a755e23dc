package mda.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import mda.app.ui.common.ChartExport;
import mda.app.ui.export.FigurePack;
import mda.engine.store.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mda export --attribution A}: the figure pack of one attribution, the same files as the Export screen's
 * "Export figure pack", without a window.
 */
@Command(name = "export", description = "The figure pack of an attribution for a paper: histogram, CCDF and rank "
        + "plot of both tails with their power-law fits, influence vs repetition, positive/negative mass, Lorenz curve, EK-FAC "
        + "spectrum, the head's formation curve and, when the run has interventions, their formation and ICL "
        + "comparisons (PNG, SVG, PDF), with the samples, scores and onset tables as CSV and the factor diagnostics as "
        + "JSON.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--attribution", required = true, description = "attribution id (printed by 'mda attribute')")
    long id;

    @Option(names = "--out", description = "folder for the files (default: figures/attribution-A in the project)")
    Path out;

    @Mixin
    PaperOptions paper;

    @Mixin
    FormatsOption formats;

    @Override
    public Integer call() throws Exception {
        ChartExport.Preset preset = paper.paper(ChartExport.Preset.SINGLE_COLUMN);
        Set<ChartExport.Format> chosen = formats.chosen();
        Path dir = out != null ? out : project.dir.resolve("figures").resolve("attribution-" + id);
        FormatsOption.requireFolder(dir);
        try (Project p = project.open()) {
            List<Path> files = FigurePack.write(p, id, dir, preset, paper.dpi, chosen);
            for (Path f : files) {
                System.out.println("wrote " + f);
            }
            System.out.println("wrote " + files.size() + " files to " + dir);
        }
        return 0;
    }
}
