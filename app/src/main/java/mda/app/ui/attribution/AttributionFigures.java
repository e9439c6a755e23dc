package mda.app.ui.attribution;

import mda.engine.analysis.PowerLawResult;
import mda.engine.analysis.ScoreTails;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Chart data of one attribution, from the engine's summaries: the score histogram, the empirical CCDF of the
 * positive scores ({@link ScoreTails}) with the fitted power law's CCDF, and positive vs negative mass.
 */
public final class AttributionFigures {
    static final int BINS = 60;

    private AttributionFigures() {
    }

    /** Histogram of all scores. */
    public static HistogramDataset histogram(double[] scores) {
        HistogramDataset h = new HistogramDataset();
        h.addSeries("scores", scores, BINS);
        return h;
    }

    /**
     * Empirical CCDF of the positive scores and, when fitted, the power law's CCDF above x_min scaled to the tail's
     * share: P(X ≥ x) = (n_tail / n_pos) · (x / x_min)^(1 − α).
     */
    public static XYSeriesCollection ccdf(double[] scores, PowerLawResult fit) {
        XYSeriesCollection c = new XYSeriesCollection();
        double[] pos = ScoreTails.positive(scores);
        if (pos.length == 0) {
            return c;
        }
        ScoreTails.Ccdf e = ScoreTails.ccdf(pos);
        XYSeries emp = new XYSeries("empirical CCDF (positive scores)", true, true);
        for (int i = 0; i < e.x().length; i++) {
            emp.add(e.x()[i], e.ccdf()[i]);
        }
        c.addSeries(emp);
        if (fit != null) {
            XYSeries line = new XYSeries(String.format("power law α = %.2f", fit.alpha()), true, true);
            double xmax = e.x()[0];
            double share = (double) fit.nTail() / pos.length;
            for (int i = 0; i <= 40; i++) {
                double x = fit.xmin() * Math.pow(xmax / fit.xmin(), i / 40.0);
                line.add(x, share * Math.pow(x / fit.xmin(), 1 - fit.alpha()));
            }
            c.addSeries(line);
        }
        return c;
    }

    /** Axis label of every score axis: the value and its sign convention. */
    public static final String SCORE_AXIS = "influence score (positive = helps the head form)";

    /**
     * Influence vs repetition: one point per sample at (longest repeated span in tokens, score), positive scores
     * (help the head form) and the rest (hinder it, or none) as two series.
     */
    public static XYSeriesCollection scatter(double[] scores, int[] longestRepeat) {
        if (scores.length != longestRepeat.length) {
            throw new IllegalArgumentException("scatter: " + scores.length + " scores but " + longestRepeat.length
                    + " repeat lengths");
        }
        XYSeries pos = new XYSeries("positive (helps)", false, true);
        XYSeries neg = new XYSeries("negative or zero (hinders)", false, true);
        for (int i = 0; i < scores.length; i++) {
            (scores[i] > 0 ? pos : neg).add(longestRepeat[i], scores[i]);
        }
        XYSeriesCollection c = new XYSeriesCollection();
        c.addSeries(pos);
        c.addSeries(neg);
        return c;
    }

    /**
     * Whether the repeat-length axis reads better on a log scale: every length at least 1 and spanning more than a
     * factor of 4 (short repeats are common, long ones rare).
     */
    public static boolean logRepeatAxis(int[] longestRepeat) {
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (int v : longestRepeat) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return longestRepeat.length > 0 && lo >= 1 && hi > 4 * lo;
    }

    /** Total positive and total |negative| score. */
    public static DefaultCategoryDataset mass(double positive, double negative) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        d.addValue(positive, "mass", "positive (helps)");
        d.addValue(Math.abs(negative), "mass", "negative (hinders)");
        return d;
    }
}
