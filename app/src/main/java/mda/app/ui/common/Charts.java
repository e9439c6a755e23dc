package mda.app.ui.common;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/** The one theme of every workbench figure (screen and export) and its palette. */
public final class Charts {
    /** Colour-blind-safe palette (Okabe–Ito), also used for repeat-pair highlights. */
    public static final List<Color> PALETTE = List.of(new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000));
    /** The palette as CSS hex colours, formatted once (the inspector asks per token). */
    private static final List<String> PALETTE_CSS = PALETTE.stream()
            .map(c -> String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue())).toList();

    private static final StandardChartTheme THEME = theme();

    private Charts() {
    }

    private static StandardChartTheme theme() {
        StandardChartTheme t = new StandardChartTheme("mda");
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        t.setExtraLargeFont(base.deriveFont(Font.BOLD, 13f));
        t.setLargeFont(base.deriveFont(Font.BOLD, 11f));
        t.setRegularFont(base);
        t.setSmallFont(base.deriveFont(9f));
        t.setChartBackgroundPaint(Color.WHITE);
        t.setPlotBackgroundPaint(Color.WHITE);
        t.setDomainGridlinePaint(new Color(0xDDDDDD));
        t.setRangeGridlinePaint(new Color(0xDDDDDD));
        t.setAxisLabelPaint(Color.DARK_GRAY);
        t.setTickLabelPaint(Color.DARK_GRAY);
        t.setLegendBackgroundPaint(Color.WHITE);
        t.setShadowVisible(false);
        t.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        t.setXYBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        t.setDrawingSupplier(new org.jfree.chart.plot.DefaultDrawingSupplier(PALETTE.toArray(new Paint[0]),
                org.jfree.chart.plot.DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
                org.jfree.chart.plot.DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE,
                new java.awt.Stroke[] {new BasicStroke(1.5f)},
                org.jfree.chart.plot.DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
                org.jfree.chart.plot.DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        return t;
    }

    /** Applies the theme; call after building the chart and before customising renderers. */
    public static JFreeChart themed(JFreeChart chart) {
        THEME.apply(chart);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    /** Lines without point markers. */
    public static void plainLines(XYPlot plot) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < PALETTE.size(); i++) {
            r.setSeriesPaint(i, PALETTE.get(i));
            r.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        plot.setRenderer(r);
    }

    /** The CSS colour of palette entry {@code i} (wrapping). */
    public static String css(int i) {
        return PALETTE_CSS.get(Math.floorMod(i, PALETTE.size()));
    }
}
