package mda.app.ui.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import mda.app.ui.common.Charts;
import mda.app.ui.common.ColorScale;
import mda.engine.probe.MetricKind;
import mda.engine.store.MetricSeries;
import mda.engine.store.Project;
import mda.engine.train.HeadsReport;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The Training monitor's charts, for the screen and for {@code mda heads --out}: the loss curves, formation curves
 * with the induction onset and its CI, and the layers × heads table of one score as a heatmap with its values.
 */
public final class TrainingFigures {
    private static final String CELLS = "cells";

    private TrainingFigures() {
    }

    public static JFreeChart loss(XYSeriesCollection data) {
        JFreeChart chart = Charts.themed(ChartFactory.createXYLineChart("Loss", "step", "loss (nats/token)", data,
                PlotOrientation.VERTICAL, true, true, false));
        Charts.plainLines(chart.getXYPlot());
        return chart;
    }

    public static JFreeChart formation(XYSeriesCollection data) {
        JFreeChart chart = Charts.themed(ChartFactory.createXYLineChart("Formation curves", "step", "score", data,
                PlotOrientation.VERTICAL, true, true, false));
        Charts.plainLines(chart.getXYPlot());
        return chart;
    }

    /** Marks the onset (dashed) and its CI (shaded) on a formation plot; NaN onset clears the marks. */
    public static void markOnset(XYPlot plot, double onset, double lo, double hi) {
        plot.clearDomainMarkers();
        if (Double.isNaN(onset)) {
            return;
        }
        if (!Double.isNaN(lo)) {
            IntervalMarker ci = new IntervalMarker(lo, hi);
            ci.setPaint(new Color(0, 0, 0, 25));
            plot.addDomainMarker(ci);
        }
        ValueMarker m = new ValueMarker(onset, Color.DARK_GRAY, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
        m.setLabel(String.format(Locale.ROOT, "onset %.0f", onset));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(m);
    }

    /** A metric's values over steps as a series, without the undefined (NaN) points. */
    public static XYSeries series(String name, MetricSeries m) {
        XYSeries x = new XYSeries(name, true, false);
        for (int i = 0; i < m.size(); i++) {
            if (Double.isFinite(m.values()[i])) {
                x.add(m.steps()[i], m.values()[i]);
            }
        }
        return x;
    }

    /** The table [layer][head] of score {@code kind} at {@code step} as a heatmap, each cell printed with its value. */
    public static JFreeChart heads(double[][] table, String kind, long step) {
        int layers = table.length;
        int heads = layers == 0 ? 0 : table[0].length;
        double[] range = ColorScale.finiteRange(table);
        double lo = range[0];
        double hi = range[1];
        if (!(hi > lo)) { // one value, or none: a range around it keeps the scale drawable
            lo = Double.isFinite(lo) ? lo - 0.5 : 0;
            hi = lo + 1;
        }
        double[][] xyz = new double[3][layers * heads];
        String[] headNames = new String[heads];
        String[] layerNames = new String[layers];
        for (int h = 0; h < heads; h++) {
            headNames[h] = "H" + h;
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new Scale(lo, hi));
        for (int l = 0; l < layers; l++) {
            layerNames[l] = "L" + l;
            for (int h = 0; h < heads; h++) {
                int i = l * heads + h;
                xyz[0][i] = h;
                xyz[1][i] = l;
                xyz[2][i] = table[l][h];
                double v = table[l][h];
                XYTextAnnotation a = new XYTextAnnotation(Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v)
                        : "—", h, l);
                a.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, heads > 8 ? 8 : 11));
                a.setPaint(Double.isFinite(v) ? ColorScale.awtTextOn(v, lo, hi) : Color.DARK_GRAY);
                renderer.addAnnotation(a);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(CELLS, xyz);
        SymbolAxis x = new SymbolAxis("head", headNames);
        SymbolAxis y = new SymbolAxis("layer", layerNames);
        x.setGridBandsVisible(false);
        y.setGridBandsVisible(false);
        y.setInverted(true); // layer 0 on top, as in the monitor's table
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = Charts.themed(new JFreeChart(String.format(Locale.ROOT, "%s score at step %d", kind, step),
                plot));
        chart.removeLegend();
        NumberAxis scaleAxis = new NumberAxis(kind);
        scaleAxis.setRange(lo, hi);
        PaintScaleLegend legend = new PaintScaleLegend(new Scale(lo, hi), scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 4, 4);
        chart.addSubtitle(legend);
        return chart;
    }

    /**
     * A run's training figures for a paper, by file name: the loss curves, the formation curves of its strongest
     * induction head and previous-token head with the onset, and every head score's heatmap at the report's step.
     */
    public static Map<String, JFreeChart> forRun(Project project, HeadsReport rep) throws IOException {
        Map<String, JFreeChart> out = new LinkedHashMap<>();
        long run = rep.run().id();
        XYSeriesCollection loss = new XYSeriesCollection();
        loss.addSeries(series("train loss", project.metrics().series(run, MetricKind.TRAIN_LOSS, -1, -1)));
        loss.addSeries(series("next-token loss (eval)", project.metrics().series(run, MetricKind.NT_LOSS, -1, -1)));
        out.put("loss", loss(loss));
        XYSeriesCollection form = new XYSeriesCollection();
        form.addSeries(series(TrainingViewModel.headName(rep.inductionLayer(), rep.inductionHead()) + " "
                + MetricKind.INDUCTION, rep.induction()));
        form.addSeries(series(TrainingViewModel.headName(rep.prevLayer(), rep.prevHead()) + " "
                + MetricKind.PREV_TOKEN, rep.prevToken()));
        JFreeChart f = formation(form);
        if (rep.onset() != null && !rep.onset().estimate().rightCensored()) {
            markOnset(f.getXYPlot(), rep.onset().estimate().step(), rep.onset().lower(), rep.onset().upper());
        }
        out.put("formation", f);
        for (Map.Entry<String, double[][]> e : rep.tables().entrySet()) {
            if (e.getValue().length > 0) {
                out.put("heads-" + e.getKey(), heads(e.getValue(), e.getKey(), rep.step()));
            }
        }
        return out;
    }

    /** The workbench colour scale on [lo, hi]. */
    private record Scale(double lo, double hi) implements PaintScale {
        @Override
        public double getLowerBound() {
            return lo;
        }

        @Override
        public double getUpperBound() {
            return hi;
        }

        @Override
        public java.awt.Paint getPaint(double v) {
            return ColorScale.awt(v, lo, hi);
        }
    }
}
