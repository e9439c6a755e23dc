package mda.app.cli;

import java.util.Locale;
import mda.app.ui.common.ChartExport;
import picocli.CommandLine.Option;

/** The figure options of the commands that write figures: paper width and PNG resolution. */
final class PaperOptions {
    static final int MIN_DPI = 36;
    static final int MAX_DPI = 1200;

    @Option(names = "--preset", description = "paper width: single (3.5 in) or double (7 in) column")
    String preset;

    @Option(names = "--dpi", defaultValue = "300", description = "PNG resolution, " + MIN_DPI + " to " + MAX_DPI
            + " (default: ${DEFAULT-VALUE})")
    int dpi;

    /** The chosen paper preset, {@code fallback} when none was given; checks the resolution too. */
    ChartExport.Preset paper(ChartExport.Preset fallback) {
        if (dpi < MIN_DPI || dpi > MAX_DPI) {
            throw new IllegalArgumentException("--dpi " + dpi + " is out of range: use " + MIN_DPI + " to " + MAX_DPI);
        }
        if (preset == null) {
            return fallback;
        }
        switch (preset.toLowerCase(Locale.ROOT)) {
            case "single":
                return ChartExport.Preset.SINGLE_COLUMN;
            case "double":
                return ChartExport.Preset.DOUBLE_COLUMN;
            default:
                throw new IllegalArgumentException("unknown --preset '" + preset + "': use single or double");
        }
    }

    /** The format of a file name's extension. */
    static ChartExport.Format formatOf(java.nio.file.Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return format(dot < 0 ? "" : name.substring(dot + 1), "--out " + file + ": name the file .png, .svg or .pdf");
    }

    static ChartExport.Format format(String extension, String error) {
        for (ChartExport.Format f : ChartExport.Format.values()) {
            if (f.extension().equals(extension.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException(error);
    }
}
