package mda.app.ui.attribution;

import java.awt.BasicStroke;
import java.util.Arrays;
import java.util.Locale;
import mda.app.ui.common.Charts;
import mda.engine.attribution.BlockFactors;
import mda.engine.attribution.EkfacFactors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The spectrum of the fitted EK-FAC factors (spec §3.12): each block's corrected eigenvalues Λ from largest to
 * smallest on a log scale, with its damping λ (named in the legend) as a dashed line of the same colour. Directions below the line are
 * damping-dominated: the influence there is close to a plain gradient dot product.
 */
public final class FactorFigure {
    private FactorFigure() {
    }

    /** "EK-FAC spectrum of L1.H3, step 500". */
    public static String title(mda.engine.store.AttributionRecord rec) {
        return String.format(Locale.ROOT, "EK-FAC spectrum of L%d.H%d, step %d", rec.layer(), rec.head(), rec.step());
    }

    public static JFreeChart spectrum(EkfacFactors factors, String title) {
        XYSeriesCollection data = new XYSeriesCollection();
        double smallest = Double.POSITIVE_INFINITY;
        double largest = 0;
        for (BlockFactors f : factors.blocks().values()) {
            XYSeries s = new XYSeries(f.block() + " " + f.dOut() + "×" + f.dIn() + (f.active()
                    ? String.format(Locale.ROOT, ", λ = %.3g", f.damping()) : ", skipped"), false, false);
            double[] v = Arrays.copyOf(f.lambda().data, f.lambda().numRows * f.lambda().numCols);
            Arrays.sort(v);
            int n = v.length;
            for (int i = 0; i < n; i++) {
                double x = v[n - 1 - i];
                if (x > 0) { // a zero has no place on a log scale
                    s.add(n == 1 ? 0.0 : (double) i / (n - 1), x);
                    smallest = Math.min(smallest, x);
                    largest = Math.max(largest, x);
                }
            }
            data.addSeries(s);
        }
        NumberAxis x = new NumberAxis("rank of Λ (0 = largest, 1 = smallest)");
        x.setRange(0, 1);
        LogAxis y = new LogAxis("corrected eigenvalue Λ");
        double decades = Double.isFinite(smallest) ? Math.log10(largest / smallest) + 1 : 1;
        y.setTickUnit(new NumberTickUnit(Math.max(1, Math.ceil(decades / 8)))); // at most about eight labels
        y.setSmallestValue(Double.isFinite(smallest) ? smallest / 10 : 1e-12);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = Charts.themed(new JFreeChart(title, plot));
        int i = 0;
        for (BlockFactors f : factors.blocks().values()) {
            java.awt.Color c = Charts.PALETTE.get(i % Charts.PALETTE.size());
            r.setSeriesPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(2f));
            if (f.active()) {
                ValueMarker m = new ValueMarker(f.damping(), c, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 10f, new float[] {5f, 3f}, 0f));
                plot.addRangeMarker(m);
            }
            i++;
        }
        return chart;
    }
}
