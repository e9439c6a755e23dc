package mda.app.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import mda.app.ui.common.ChartExport;
import picocli.CommandLine.Option;

/** {@code --formats}: which figure formats a command that writes a set of figures writes. */
final class FormatsOption {
    @Option(names = "--formats", defaultValue = "png,svg,pdf", split = ",",
            description = "figure formats, a comma list of png, svg and pdf (default: ${DEFAULT-VALUE})")
    List<String> formats;

    /** Refuses a figure folder that is an existing file. */
    static void requireFolder(java.nio.file.Path dir) {
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
    }

    Set<ChartExport.Format> chosen() {
        Set<ChartExport.Format> out = EnumSet.noneOf(ChartExport.Format.class);
        for (String n : formats) {
            out.add(PaperOptions.format(n.strip(), "unknown figure format '" + n + "' in --formats: use png, svg or pdf"));
        }
        return out;
    }
}
