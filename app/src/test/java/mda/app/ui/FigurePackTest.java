package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import mda.app.ui.samples.SampleRow;
import mda.engine.attribution.AttributionData;
import mda.engine.store.AttributionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The figure pack of an attribution and the Samples table as CSV, from the Export screen. */
class FigurePackTest extends GuiTestBase {
    @TempDir
    Path out;

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void figurePackHoldsEveryChartInThreeValidFormatsAndTheCsvs(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.EXPORT);
        robot.interact(() -> robot.lookup("#exportFolder").queryTextInputControl().setText(out.toString()));
        javafx.scene.control.Spinner<?> dpi = robot.lookup("#exportDpi").queryAs(javafx.scene.control.Spinner.class);
        robot.interact(() -> dpi.getEditor().setText("120"));
        robot.interact(dpi::commitValue);
        waitUntil(() -> robot.lookup("#packAttribution").queryComboBox().getValue() != null);
        robot.clickOn("#exportFigurePack");
        waitUntil(() -> text(robot, "#exportStatus").startsWith("wrote "));
        // no interventions in this project: six attribution charts, the EK-FAC spectrum and the formation figure,
        // plus two CSVs and the factor diagnostics
        assertEquals("wrote 27 files to " + out, text(robot, "#exportStatus").strip());
        assertTrue(Files.readString(out.resolve("factors.json")).contains("\"stableRankA\""));
        for (String chart : List.of("histogram", "ccdf", "rank", "scatter", "mass", "lorenz",
                "spectrum", "formation")) {
            FigureFiles.png(out.resolve(chart + ".png"), (int) Math.round(3.5 * 120), (int) Math.round(3.5 * 0.75 * 120));
            FigureFiles.svg(out.resolve(chart + ".svg"));
            FigureFiles.pdf(out.resolve(chart + ".pdf"));
        }
        assertTrue(Files.readString(out.resolve("scatter.svg")).contains("Spearman"), "ρ printed on the scatter");
        assertTrue(Files.readString(out.resolve("formation.svg")).contains("attribution step "
                + TinyGuiProject.ATTRIBUTION_STEP), "the attribution step is marked");

        AttributionData d = read(p -> {
            try {
                AttributionRecord rec = p.attributions().forRun(p.runs().byName(TinyGuiProject.RUN).orElseThrow()
                        .id()).get(0);
                return AttributionData.open(p, rec.id());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String> scores = Files.readAllLines(out.resolve("scores.csv"));
        assertEquals(d.scores().size() + 1, scores.size(), "a header and one line per sample");
        List<String> samples = Files.readAllLines(out.resolve("samples.csv"));
        int k = Math.min(100, d.scores().size());
        assertEquals(2 * k + 1, samples.size());
        assertTrue(samples.get(0).startsWith("sign,rank,score (positive = helps the head form),sample_id"));
        double max = Double.NEGATIVE_INFINITY;
        for (float s : d.scores().scores()) {
            max = Math.max(max, s);
        }
        String[] top = samples.get(1).split(",");
        assertEquals("+", top[0]);
        assertEquals(max, Double.parseDouble(top[2]), 1e-6);
    }

    @Test
    void samplesTableAsShownToCsv(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.SAMPLES);
        TableView<SampleRow> table = robot.lookup("#sampleTable").queryTableView();
        waitUntil(() -> !table.getItems().isEmpty());
        robot.clickOn("#sampleFilter").write("−");
        waitUntil(() -> table.getItems().stream().allMatch(r -> r.sign().equals("−")));
        List<SampleRow> shown = new ArrayList<>(table.getItems());
        navigate(robot, MainWindow.EXPORT);
        robot.interact(() -> robot.lookup("#exportFolder").queryTextInputControl().setText(out.toString()));
        robot.clickOn("#exportSamplesCsv");
        waitUntil(() -> text(robot, "#exportStatus").startsWith("wrote 1 files"));
        Path csv;
        try (var files = Files.list(out)) {
            csv = files.filter(f -> f.getFileName().toString().startsWith("samples-attribution")).findFirst()
                    .orElseThrow();
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(shown.size() + 1, lines.size(), "the filtered table, not all rows");
        for (int i = 0; i < shown.size(); i++) {
            String[] f = lines.get(i + 1).split(",");
            assertEquals("-", f[0]);
            assertEquals(shown.get(i).rank(), Integer.parseInt(f[1]));
            assertEquals(shown.get(i).score(), Double.parseDouble(f[2]), 0.0);
            assertEquals(shown.get(i).sampleId(), Long.parseLong(f[3]));
        }
    }
}
