package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import mda.app.ui.common.ChartExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Export screen writes every chart on show as PNG (at the DPI), SVG and PDF with the paper preset's size. */
class ExportTest extends GuiTestBase {
    @TempDir
    Path out;

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void exportsEveryChartOnShowInThreeFormatsAtThePresetSize(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.TRAINING);
        waitUntil(() -> robot.lookup("#cell-1-1").tryQuery().isPresent());
        navigate(robot, MainWindow.EXPORT);
        assertEquals(List.of("training-formation", "training-heads", "training-loss"),
                robot.lookup("#exportCharts").queryListView().getItems());
        robot.interact(() -> robot.lookup("#exportFolder").queryTextInputControl().setText(out.toString()));
        javafx.scene.control.ComboBox<ChartExport.Preset> preset = robot.lookup("#exportPreset").queryComboBox();
        robot.interact(() -> preset.setValue(ChartExport.Preset.DOUBLE_COLUMN));
        javafx.scene.control.Spinner<?> dpi = robot.lookup("#exportDpi").queryAs(javafx.scene.control.Spinner.class);
        robot.interact(() -> dpi.getEditor().setText("150"));
        robot.interact(() -> dpi.commitValue());
        robot.clickOn("#exportButton");
        waitUntil(() -> text(robot, "#exportStatus").startsWith("wrote 9 files"));

        Path png = out.resolve("training-loss-2col.png");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(7 * 150, img.getWidth());
        assertEquals(Math.round(7 * 0.75 * 150), img.getHeight());
        assertTrue(hasInk(img), "the PNG is not blank");

        String svg = Files.readString(out.resolve("training-loss-2col.svg"), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg") && svg.trim().endsWith("</svg>"), "an SVG document");
        assertTrue(svg.contains("width='504.0pt'") && svg.contains("height='378.0pt'"), "7 in × 5.25 in at 72 pt/in");
        assertTrue(svg.contains("Loss") && svg.contains("<path"), "with the chart's title and curves");

        String heads = Files.readString(out.resolve("training-heads-2col.svg"), StandardCharsets.UTF_8);
        assertTrue(heads.contains("induction score at step"), "the monitor's table as a heatmap");

        byte[] pdf = Files.readAllBytes(out.resolve("training-formation-2col.pdf"));
        String head = new String(pdf, 0, 8, StandardCharsets.ISO_8859_1);
        String tail = new String(pdf, pdf.length - 8, 8, StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("%PDF-"), head);
        assertTrue(tail.contains("%%EOF"), tail);
        String body = new String(pdf, StandardCharsets.ISO_8859_1);
        assertTrue(body.contains("/MediaBox [0 0 504 378]") || body.contains("/MediaBox [0.0 0.0 504.0 378.0]"),
                "page is 7 in × 5.25 in");
        assertTrue(pdf.length > 2000, "the page holds the drawing: " + pdf.length + " bytes");
    }

    @Test
    void refusesAResolutionOutsideTheRange() {
        var chart = org.jfree.chart.ChartFactory.createXYLineChart("t", "x", "y", null);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ChartExport.write(chart, ChartExport.Format.PNG, out.resolve("x.png"), 3.5, 2.6, 5000));
        assertTrue(e.getMessage().contains("5000"), e.getMessage());
    }

    private static boolean hasInk(BufferedImage img) {
        int dark = 0;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                dark += rgb != 0xFFFFFF ? 1 : 0;
            }
        }
        return dark > 100;
    }
}
