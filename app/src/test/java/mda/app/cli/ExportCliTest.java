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
import mda.engine.probe.MetricKind;
import mda.engine.store.AttributionRecord;
import mda.engine.store.Project;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figure commands without a window: {@code mda export} (the figure pack) and {@code mda heads --out} (the
 * training figures), in the chosen formats and size; bad options refused in one line.
 */
class ExportCliTest {
    static final List<String> CHARTS = List.of("histogram", "ccdf", "scatter", "mass", "formation");

    @TempDir
    static Path shared;
    static Path dir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void project() throws Exception {
        dir = shared.resolve("proj");
        TinyGuiProject.create(dir);
    }

    @Test
    void headsWritesTheTrainingFigures() throws Exception {
        Path out = tmp.resolve("training");
        CliRun r = CliRun.of("heads", "-p", dir.toString(), "--out", out.toString(), "--formats", "svg,png", "--dpi",
                "72").ok();
        assertTrue(r.out().startsWith("run toy"), r.out());
        List<String> figures = new java.util.ArrayList<>(List.of("loss", "formation"));
        for (String kind : MetricKind.HEAD_KINDS) {
            figures.add("heads-" + kind);
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(2 * figures.size(), files.count(), "each figure as SVG and PNG");
        }
        for (String f : figures) {
            FigureFiles.png(out.resolve(f + ".png"), 252, 189);
            assertTrue(r.out().contains("wrote " + out.resolve(f + ".svg")), r.out());
        }
        FigureFiles.svg(out.resolve("heads-induction.svg"));
        assertTrue(Files.readString(out.resolve("heads-induction.svg")).contains("induction score at step 24"));

        CliRun.of("heads", "-p", dir.toString(), "--out", out.toString(), "--formats", "tiff")
                .badInput("unknown figure format 'tiff'");
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        CliRun.of("heads", "-p", dir.toString(), "--out", file.toString()).badInput("is a file");
    }

    @Test
    void writesTheFigurePackWithoutAWindow() throws Exception {
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
