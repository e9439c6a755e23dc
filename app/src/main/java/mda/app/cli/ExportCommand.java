package mda.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
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
@Command(name = "export", description = "The figure pack of an attribution for a paper: histogram, CCDF with the "
        + "power-law fit, influence vs repetition, positive/negative mass, the head's formation curve and, when the run "
        + "has interventions, their formation and ICL comparisons (PNG, SVG, PDF), with the samples, scores and onset "
        + "tables as CSV.")
final class ExportCommand implements Callable<Integer> {
    static final int MIN_DPI = 36;
    static final int MAX_DPI = 1200;

    @Mixin
    ProjectOption project;

    @Option(names = "--attribution", required = true, description = "attribution id (printed by 'mda attribute')")
    long id;

    @Option(names = "--out", description = "folder for the files (default: figures/attribution-A in the project)")
    Path out;

    @Option(names = "--preset", defaultValue = "single",
            description = "paper width: single (3.5 in) or double (7 in) column (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--dpi", defaultValue = "300", description = "PNG resolution, " + MIN_DPI + " to " + MAX_DPI
            + " (default: ${DEFAULT-VALUE})")
    int dpi;

    @Option(names = "--formats", defaultValue = "png,svg,pdf", split = ",",
            description = "figure formats, a comma list of png, svg and pdf (default: ${DEFAULT-VALUE})")
    List<String> formats;

    @Override
    public Integer call() throws Exception {
        ChartExport.Preset paper = preset(preset);
        Set<ChartExport.Format> chosen = formats(formats);
        if (dpi < MIN_DPI || dpi > MAX_DPI) {
            throw new IllegalArgumentException("--dpi " + dpi + " is out of range: use " + MIN_DPI + " to " + MAX_DPI);
        }
        Path dir = out != null ? out : project.dir.resolve("figures").resolve("attribution-" + id);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
        try (Project p = project.open()) {
            List<Path> files = FigurePack.write(p, id, dir, paper, dpi, chosen);
            for (Path f : files) {
                System.out.println("wrote " + f);
            }
            System.out.println("wrote " + files.size() + " files to " + dir);
        }
        return 0;
    }

    static ChartExport.Preset preset(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "single":
                return ChartExport.Preset.SINGLE_COLUMN;
            case "double":
                return ChartExport.Preset.DOUBLE_COLUMN;
            default:
                throw new IllegalArgumentException("unknown --preset '" + name + "': use single or double");
        }
    }

    static Set<ChartExport.Format> formats(List<String> names) {
        Set<ChartExport.Format> out = EnumSet.noneOf(ChartExport.Format.class);
        for (String n : names) {
            String name = n.strip().toLowerCase(Locale.ROOT);
            ChartExport.Format f = null;
            for (ChartExport.Format c : ChartExport.Format.values()) {
                if (c.extension().equals(name)) {
                    f = c;
                }
            }
            if (f == null) {
                throw new IllegalArgumentException("unknown figure format '" + n + "' in --formats: use png, svg or pdf");
            }
            out.add(f);
        }
        return out;
    }
}
