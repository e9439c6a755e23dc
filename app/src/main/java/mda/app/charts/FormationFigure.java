package mda.app.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import mda.engine.intervene.RunCurve;
import mda.engine.probe.Onset;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * Overlaid formation curves with seed bands (spec §6.4: the line is the mean over seeds, the band the min–max),
 * on a log step axis where step 0 is drawn at 0.5 as in the onset computation; written as PNG and SVG.
 */
public final class FormationFigure {
    /** Default figure size in pixels. */
    public static final int WIDTH = 900;
    public static final int HEIGHT = 540;

    private static final Color[] PALETTE = {new Color(0x33, 0x33, 0x33), new Color(0xD5, 0x5E, 0x00),
        new Color(0x00, 0x72, 0xB2), new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7),
        new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9)};

    private FormationFigure() {
    }

    /** One line with its band: a label and the curves of its seeds. */
    public record Band(String label, List<RunCurve> runs) {
        public Band {
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("band '" + label + "' has no runs");
            }
        }
    }

    /** The chart: one mean line and min–max band per {@link Band}, in the order given (the baseline first). */
    public static JFreeChart chart(String title, String yLabel, List<Band> bands) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Band b : bands) {
            data.addSeries(series(b));
        }
        LogAxis x = new LogAxis("training step (step 0 drawn at " + Onset.STEP_ZERO_AS + ")");
        x.setSmallestValue(Onset.STEP_ZERO_AS / 2);
        // ticks at powers of ten, labelled as plain step numbers
        x.setAutoTickUnitSelection(false);
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        DeviationRenderer r = new DeviationRenderer(true, false);
        r.setAlpha(0.18f);
        for (int i = 0; i < bands.size(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(i == 0 ? 2.5f : 1.8f));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Mean and min–max over the band's runs at the steps every run measured (the runs share the baseline's
     * schedule, so this is normally all of them).
     */
    static YIntervalSeries series(Band b) {
        TreeSet<Long> common = new TreeSet<>();
        for (long s : b.runs().get(0).steps()) {
            common.add(s);
        }
        for (RunCurve c : b.runs()) {
            TreeSet<Long> mine = new TreeSet<>();
            for (long s : c.steps()) {
                mine.add(s);
            }
            common.retainAll(mine);
        }
        String seeds = b.runs().size() == 1 ? "1 seed" : b.runs().size() + " seeds";
        YIntervalSeries out = new YIntervalSeries(b.label() + " (" + seeds + ")", false, true);
        for (long s : common) {
            double sum = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (RunCurve c : b.runs()) {
                double v = c.values()[java.util.Arrays.binarySearch(c.steps(), s)];
                sum += v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            out.add(s == 0 ? Onset.STEP_ZERO_AS : s, sum / b.runs().size(), lo, hi);
        }
        return out;
    }

    /** Writes {@code <base>.png} and {@code <base>.svg}; returns both paths. */
    public static List<Path> write(JFreeChart chart, Path base, int width, int height) throws IOException {
        Path dir = base.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path png = base.resolveSibling(base.getFileName() + ".png");
        Path svg = base.resolveSibling(base.getFileName() + ".svg");
        ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle(0, 0, width, height));
        SVGUtils.writeToSVG(svg.toFile(), g2.getSVGElement());
        List<Path> out = new ArrayList<>();
        out.add(png);
        out.add(svg);
        return out;
    }
}
