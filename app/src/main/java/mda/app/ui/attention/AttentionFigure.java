package mda.app.ui.attention;

import mda.app.ui.common.Charts;
import mda.app.ui.common.ColorScale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The attention heatmap as a chart, for the Attention screen and for {@code mda attention}: keys across, queries
 * down (so the previous-token diagonal and the induction stripe run from top left to bottom right), weights on the
 * workbench colour scale with its legend.
 */
public final class AttentionFigure {
    private static final String SERIES = "attention";

    private AttentionFigure() {
    }

    /** An empty heatmap, to be filled by {@link #show}. */
    public static JFreeChart empty() {
        DefaultXYZDataset data = new DefaultXYZDataset();
        XYBlockRenderer renderer = new XYBlockRenderer();
        PaintScale scale = new UnitScale();
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, new SymbolAxis("key position", new String[0]),
                new SymbolAxis("query position", new String[0]), renderer);
        JFreeChart chart = Charts.themed(new JFreeChart("Attention pattern", plot));
        chart.removeLegend();
        NumberAxis scaleAxis = new NumberAxis("weight");
        scaleAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 4, 4);
        chart.addSubtitle(legend);
        return chart;
    }

    /** The heatmap of {@code m}. */
    public static JFreeChart of(AttentionMap m) {
        JFreeChart chart = empty();
        show(chart, m);
        return chart;
    }

    /** Puts {@code m} into a chart made by {@link #empty}: token labels on both axes, the title names the head. */
    public static void show(JFreeChart chart, AttentionMap m) {
        XYPlot plot = chart.getXYPlot();
        SymbolAxis keys = new SymbolAxis("key position", m.labels());
        SymbolAxis queries = new SymbolAxis("query position", m.labels());
        keys.setVerticalTickLabels(true);
        queries.setInverted(true);
        java.awt.Font f = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, m.length() > 48 ? 7 : 9);
        keys.setTickLabelFont(f);
        queries.setTickLabelFont(f);
        keys.setGridBandsVisible(false);
        queries.setGridBandsVisible(false);
        plot.setDomainAxis(keys);
        plot.setRangeAxis(queries);
        DefaultXYZDataset data = (DefaultXYZDataset) plot.getDataset();
        if (data.getSeriesCount() > 0) {
            data.removeSeries(SERIES);
        }
        data.addSeries(SERIES, m.xyz());
        chart.setTitle(String.format("Attention L%d.H%d, step %d", m.layer(), m.head(), m.step()));
    }

    /** Weights in [0, 1] on the workbench colour scale. */
    private static final class UnitScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public java.awt.Paint getPaint(double v) {
            return ColorScale.awt(v, 0, 1);
        }
    }
}
