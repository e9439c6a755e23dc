package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import mda.app.ui.project.CorpusSummary;
import mda.app.ui.project.RunRow;
import mda.engine.probe.MetricKind;
import mda.engine.store.MetricSeries;
import mda.engine.store.RunRecord;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import javafx.stage.Stage;

/** The Project screen and the Training monitor on a real engine-made project. */
class ProjectAndTrainingScreensTest extends GuiTestBase {
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void projectScreenListsTheCorpusTheRunAndTheRecentProject(FxRobot robot) throws Exception {
        TableView<CorpusSummary> corpora = robot.lookup("#corpusTable").queryTableView();
        waitUntil(() -> corpora.getItems().size() == 1);
        CorpusSummary c = corpora.getItems().get(0);
        assertEquals("syn", c.name());
        assertEquals(60, c.documents());
        long tokens = read(p -> p.corpora().byName("syn").orElseThrow().tokens());
        assertEquals(tokens, c.tokens());
        long mixTotal = c.tokensByCategory().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(mixTotal > 0 && mixTotal <= tokens, "category mix covers the documents' tokens: " + mixTotal);
        assertTrue(c.mixText().endsWith("%"), c.mixText());

        TableView<RunRow> runs = robot.lookup("#runTable").queryTableView();
        waitUntil(() -> runs.getItems().size() == 1);
        assertEquals(TinyGuiProject.RUN, runs.getItems().get(0).name());
        assertEquals("DONE", runs.getItems().get(0).status());
        assertEquals(-1.0, runs.getItems().get(0).progress(), "no job runs, so no progress bar");
        assertEquals(List.of(project().toAbsolutePath().normalize().toString()),
                robot.lookup("#recentProjects").queryListView().getItems());
        assertTrue(text(robot, "#projectTitle").endsWith("proj"));
    }

    @Test
    void trainingMonitorShowsTheStoredScoresPerCheckpointAndKind(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.TRAINING);
        waitUntil(() -> robot.lookup("#cell-1-1").tryQuery().isPresent());
        RunRecord run = read(p -> p.runs().byName(TinyGuiProject.RUN).orElseThrow());
        MetricSeries ind = read(p -> p.metrics().series(run.id(), MetricKind.INDUCTION, 0, 0));
        long last = ind.steps()[ind.size() - 1];
        assertEquals("checkpoint step " + last, text(robot, "#stepLabel"));
        assertCells(robot, read(p -> p.metrics().atStep(run.id(), last, MetricKind.INDUCTION)));

        // slider to the first checkpoint: the cells now show step 0's values
        Slider slider = robot.lookup("#stepSlider").queryAs(Slider.class);
        robot.interact(() -> slider.setValue(0));
        assertEquals("checkpoint step " + ind.steps()[0], text(robot, "#stepLabel"));
        assertCells(robot, read(p -> p.metrics().atStep(run.id(), ind.steps()[0], MetricKind.INDUCTION)));

        // another score kind
        ComboBox<String> kind = robot.lookup("#scoreKind").queryComboBox();
        robot.interact(() -> kind.setValue(MetricKind.PREV_TOKEN));
        assertCells(robot, read(p -> p.metrics().atStep(run.id(), ind.steps()[0], MetricKind.PREV_TOKEN)));

        // loss curve: one point per stored training-loss value
        XYSeriesCollection loss = (XYSeriesCollection) robot.lookup("#lossChart").queryAs(ChartViewer.class)
                .getChart().getXYPlot().getDataset();
        int stored = read(p -> p.metrics().series(run.id(), MetricKind.TRAIN_LOSS, -1, -1)).size();
        assertTrue(stored > 0);
        assertEquals(stored, loss.getSeries(0).getItemCount());
        // formation curves: the report's induction and previous-token heads, in the chosen kind
        XYSeriesCollection form = (XYSeriesCollection) robot.lookup("#formationChart").queryAs(ChartViewer.class)
                .getChart().getXYPlot().getDataset();
        assertEquals(2, form.getSeriesCount());
        assertTrue(form.getSeries(0).getKey().toString().endsWith(MetricKind.PREV_TOKEN));
        assertTrue(text(robot, "#trainingSummary").contains("induction head L1."), text(robot, "#trainingSummary"));
    }

    private static void assertCells(FxRobot robot, double[][] table) {
        assertEquals(2, table.length);
        for (int l = 0; l < table.length; l++) {
            for (int h = 0; h < table[l].length; h++) {
                assertEquals(String.format("%.3f", table[l][h]), text(robot, "#cell-" + l + "-" + h),
                        "cell L" + l + ".H" + h);
            }
        }
    }
}
