package mda.app.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import mda.engine.store.MetricSeries;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.Test;

/** The heads heatmap and the metric series of the training figures, from hand-made tables. */
class TrainingFiguresTest {
    @Test
    void theHeatmapHoldsEveryCellAtItsLayerAndHeadWithItsValuePrinted() {
        double[][] table = {{0.1, 0.2, Double.NaN}, {0.9, 0.4, 0.3}};
        JFreeChart chart = TrainingFigures.heads(table, "induction", 700);
        assertEquals("induction score at step 700", chart.getTitle().getText());
        XYPlot plot = chart.getXYPlot();
        XYZDataset d = (XYZDataset) plot.getDataset();
        assertEquals(6, d.getItemCount(0));
        for (int i = 0; i < 6; i++) {
            int head = (int) d.getXValue(0, i);
            int layer = (int) d.getYValue(0, i);
            assertEquals(table[layer][head], d.getZValue(0, i), 0.0, "cell " + i);
        }
        assertEquals(List.of("H0", "H1", "H2"), List.of(((SymbolAxis) plot.getDomainAxis()).getSymbols()));
        assertEquals(List.of("L0", "L1"), List.of(((SymbolAxis) plot.getRangeAxis()).getSymbols()));
        List<String> texts = new ArrayList<>();
        for (Object a : ((XYBlockRenderer) plot.getRenderer()).getAnnotations()) {
            XYTextAnnotation t = (XYTextAnnotation) a;
            texts.add((int) t.getY() + "." + (int) t.getX() + "=" + t.getText());
        }
        assertEquals(List.of("0.0=0.100", "0.1=0.200", "0.2=—", "1.0=0.900", "1.1=0.400", "1.2=0.300"), texts);
        XYBlockRenderer r = (XYBlockRenderer) plot.getRenderer();
        assertEquals(0.1, r.getPaintScale().getLowerBound(), 0.0, "the scale spans the finite values");
        assertEquals(0.9, r.getPaintScale().getUpperBound(), 0.0);
    }

    @Test
    void aConstantTableStillHasADrawableScale() {
        JFreeChart chart = TrainingFigures.heads(new double[][] {{0.5, 0.5}}, "copy_ov", 3);
        XYBlockRenderer r = (XYBlockRenderer) chart.getXYPlot().getRenderer();
        assertEquals(0.0, r.getPaintScale().getLowerBound(), 0.0);
        assertEquals(1.0, r.getPaintScale().getUpperBound(), 0.0);
    }

    @Test
    void aSeriesSkipsUndefinedPoints() {
        MetricSeries m = new MetricSeries(new long[] {0, 10, 20}, new double[] {1.5, Double.NaN, 0.5},
                new double[3], new double[3]);
        XYSeries s = TrainingFigures.series("loss", m);
        assertEquals(2, s.getItemCount());
        assertEquals(20.0, s.getX(1).doubleValue(), 0.0);
        assertEquals(0.5, s.getY(1).doubleValue(), 0.0);
    }
}
