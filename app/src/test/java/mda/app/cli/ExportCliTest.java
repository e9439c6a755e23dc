package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mda.app.ui.FigureFiles;
import mda.app.ui.TinyGuiProject;
import mda.engine.store.AttributionRecord;
import mda.engine.store.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mda export}: the figure pack from the command line, in the chosen formats and size; bad options. */
class ExportCliTest {
    static final List<String> CHARTS = List.of("histogram", "ccdf", "scatter", "mass", "formation");

    @TempDir
    Path tmp;

    @Test
    void writesTheFigurePackWithoutAWindow() throws Exception {
        Path dir = tmp.resolve("proj");
        TinyGuiProject.create(dir);
        long id;
        try (Project p = Project.open(dir)) {
            AttributionRecord rec = p.attributions().forRun(p.runs().byName(TinyGuiProject.RUN).orElseThrow().id())
                    .get(0);
            id = rec.id();
        }
        String a = Long.toString(id);
        String proj = dir.toString();

        Path out = tmp.resolve("paper");
        CliRun r = CliRun.of("export", "-p", proj, "--attribution", a, "--out", out.toString(), "--preset", "double",
                "--dpi", "100", "--formats", "png,svg").ok();
        // five charts in two formats, plus samples.csv and scores.csv; no interventions in this project
        assertTrue(r.out().strip().endsWith("wrote 12 files to " + out), r.out());
        for (String c : CHARTS) {
            FigureFiles.png(out.resolve(c + ".png"), 700, 525);
            FigureFiles.svg(out.resolve(c + ".svg"));
            assertFalse(Files.exists(out.resolve(c + ".pdf")), "pdf was not asked for");
        }
        assertTrue(Files.readString(out.resolve("formation.svg")).contains("attribution step "
                + TinyGuiProject.ATTRIBUTION_STEP));
        assertTrue(Files.readAllLines(out.resolve("scores.csv")).size() > 60);

        CliRun.of("export", "-p", proj, "--attribution", a, "--formats", "pdf").ok();
        Path standard = dir.resolve("figures").resolve("attribution-" + id);
        try (Stream<Path> files = Files.list(standard)) {
            assertEquals(7, files.count(), "five PDFs and two CSVs in the project's figures folder");
        }
        for (String c : CHARTS) {
            FigureFiles.pdf(standard.resolve(c + ".pdf"));
        }

        CliRun.of("export", "-p", proj, "--attribution", "99").badInput("no attribution with id 99");
        CliRun.of("export", "-p", proj, "--attribution", a, "--formats", "png,gif")
                .badInput("unknown figure format 'gif'", "png, svg or pdf");
        CliRun.of("export", "-p", proj, "--attribution", a, "--dpi", "5").badInput("--dpi 5 is out of range");
        CliRun.of("export", "-p", proj, "--attribution", a, "--preset", "a4").badInput("unknown --preset 'a4'");
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        CliRun.of("export", "-p", proj, "--attribution", a, "--out", file.toString()).badInput("is a file");
    }
}
