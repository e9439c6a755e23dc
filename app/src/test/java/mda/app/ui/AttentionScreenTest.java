package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import mda.engine.attribution.AttributionData;
import mda.engine.corpus.Tokenizer;
import mda.engine.store.RunRecord;
import mda.engine.train.TrainRuns;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Attention map on a real checkpoint: a causal, normalised T×T pattern with the tokenizer's labels. */
class AttentionScreenTest extends GuiTestBase {
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void showsTheHeadsPatternOnRepeatedRandomTokensThenOnTypedIds(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.ATTENTION);
        ChartViewer viewer = robot.lookup("#attentionChart").queryAs(ChartViewer.class);
        waitUntil(() -> viewer.getChart().getXYPlot().getDataset().getSeriesCount() == 1);
        RunRecord run = read(p -> p.runs().byName(TinyGuiProject.RUN).orElseThrow());
        int ctx = TrainRuns.modelConfig(run).ctx();
        XYPlot plot = viewer.getChart().getXYPlot();
        XYZDataset d = (XYZDataset) plot.getDataset();
        int t = (int) Math.round(Math.sqrt(d.getItemCount(0)));
        assertEquals(ctx, t, "default input: repeat length ctx/2 twice = " + ctx + " tokens");
        assertCausalAndNormalised(d, t);
        // labels are "position token" from the corpus tokenizer, and the second half repeats the first
        String[] labels = ((SymbolAxis) plot.getDomainAxis()).getSymbols();
        assertEquals(t, labels.length);
        for (int i = 0; i < t / 2; i++) {
            assertEquals(labels[i].split(" ", 2)[1], labels[i + t / 2].split(" ", 2)[1]);
        }
        assertTrue(text(robot, "#attnCaption").contains("head L1."), text(robot, "#attnCaption"));
        assertTrue(text(robot, "#attnCaption").strip().matches(".*: induction \\d\\.\\d{3}, previous-token \\d\\.\\d{3}"),
                text(robot, "#attnCaption"));

        // hover over the lower-left area of the plot: the label reports a cell's weight
        String before = text(robot, "#attnHover");
        Bounds b = viewer.localToScreen(viewer.getBoundsInLocal());
        robot.moveTo(new javafx.geometry.Point2D(b.getMinX() + b.getWidth() * 0.35, b.getMinY() + b.getHeight() * 0.6));
        robot.moveBy(3, 3);
        waitUntil(() -> !text(robot, "#attnHover").equals(before));
        assertTrue(text(robot, "#attnHover").matches("query \\d+ .* → key \\d+ .*: weight \\d\\.\\d{4}"),
                text(robot, "#attnHover"));

        // typed ids on layer 0 head 1
        ComboBox<String> kind = robot.lookup("#attnInput").queryComboBox();
        robot.interact(() -> kind.setValue(mda.app.ui.attention.AttentionViewModel.TYPED));
        ComboBox<Integer> layer = robot.lookup("#attnLayer").queryComboBox();
        ComboBox<Integer> head = robot.lookup("#attnHead").queryComboBox();
        robot.interact(() -> layer.setValue(0));
        robot.interact(() -> head.setValue(1));
        robot.clickOn("#attnText").write("ids: 3 7 9 3 7 9");
        robot.clickOn("#attnCompute");
        waitUntil(() -> ((XYZDataset) plot.getDataset()).getItemCount(0) == 36);
        assertCausalAndNormalised((XYZDataset) plot.getDataset(), 6);
        Tokenizer tok = read(p -> {
            try {
                return AttributionData.tokenizer(p, p.corpora().byName("syn").orElseThrow());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String[] typed = ((SymbolAxis) plot.getDomainAxis()).getSymbols();
        assertArrayEquals(new String[] {"0 " + tok.tokenString(3), "1 " + tok.tokenString(7), "2 " + tok.tokenString(9),
                "3 " + tok.tokenString(3), "4 " + tok.tokenString(7), "5 " + tok.tokenString(9)}, typed);
        assertTrue(viewer.getChart().getTitle().getText().startsWith("Attention L0.H1"));

        // an id outside the vocabulary is refused with a one-line message, and the last pattern stays
        robot.interact(() -> robot.lookup("#attnText").queryTextInputControl().setText("ids: 3 999"));
        robot.clickOn("#attnCompute");
        waitUntil(() -> text(robot, "#attnCaption").contains("outside the vocabulary"));
        assertEquals(36, ((XYZDataset) plot.getDataset()).getItemCount(0));
        assertNotEquals("", text(robot, "#attnCaption"));
    }

    private static void assertCausalAndNormalised(XYZDataset d, int t) {
        double[] rowSum = new double[t];
        for (int i = 0; i < d.getItemCount(0); i++) {
            int k = (int) d.getXValue(0, i);
            int q = (int) d.getYValue(0, i);
            double w = d.getZValue(0, i);
            assertTrue(w >= 0 && w <= 1 + 1e-6);
            if (k > q) {
                assertEquals(0.0, w, 1e-7, "no attention to later tokens (q=" + q + ", k=" + k + ")");
            }
            rowSum[q] += w;
        }
        for (int q = 0; q < t; q++) {
            assertEquals(1.0, rowSum[q], 1e-4, "row " + q + " sums to 1");
        }
    }
}
