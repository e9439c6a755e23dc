package mda.app.ui.attribution;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import mda.app.ui.common.Charts;
import mda.engine.analysis.Concentration;
import mda.engine.analysis.Correlation;
import mda.engine.analysis.PowerLawResult;
import mda.engine.analysis.ScoreTails;
import mda.engine.attribution.AttributionAnalysis;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The figures of one attribution, from the engine's summaries: the score histogram, the empirical CCDFs of both
 * tails ({@link ScoreTails}) with the fitted power laws' CCDFs, positive vs negative mass, the Lorenz curve of
 * positive influence, and influence vs repetition. Used by the Attribution screen and the figure pack, so both draw the same charts.
 */
public final class AttributionFigures {
    static final int BINS = 60;
    /** Axis label of every score axis: the value and its sign convention. */
    public static final String SCORE_AXIS = "influence score (positive = helps the head form)";
    /** The same for a short (vertical) axis; the series names repeat the convention in full. */
    static final String SHORT_SCORE_AXIS = "score (positive = helps)";

    private AttributionFigures() {
    }

    /** The five charts by export name, in display order. */
    public static Map<String, JFreeChart> charts(double[] scores, AttributionAnalysis a, Correlation.Test repeatTest) {
        Map<String, JFreeChart> out = new LinkedHashMap<>();
        out.put("attribution-histogram", histogramChart(scores));
        out.put("attribution-ccdf", ccdfChart(scores, a.powerLaw(), a.negativePowerLaw()));
        out.put("attribution-mass", massChart(a.concentration()));
        out.put("attribution-lorenz", lorenzChart(scores, a.concentration()));
        out.put("attribution-scatter", scatterChart(scores, a.longestRepeat(), spearmanShort(repeatTest)));
        return out;
    }

    /** "Spearman ρ(score, longest repeat) = 0.123, p = 0.004 (n = 7,013)". */
    public static String spearmanText(Correlation.Test t) {
        return String.format("Spearman ρ(score, longest repeat) = %.3f, p = %.3g (n = %,d%s)", t.rho(), t.p(), t.n(),
                t.permutation() ? ", permutation test" : "");
    }

    /** The scatter's subtitle: "Spearman ρ = 0.268, p = 5.5e-116, n = 7,013". */
    static String spearmanShort(Correlation.Test t) {
        return String.format("Spearman ρ = %.3f, p = %.2g, n = %,d", t.rho(), t.p(), t.n());
    }

    /** Histogram of all scores. */
    public static HistogramDataset histogram(double[] scores) {
        HistogramDataset h = new HistogramDataset();
        h.addSeries("scores", scores, BINS);
        return h;
    }

    static JFreeChart histogramChart(double[] scores) {
        return Charts.themed(ChartFactory.createHistogram("Influence scores", SCORE_AXIS, "samples",
                histogram(scores), PlotOrientation.VERTICAL, false, true, false));
    }

    /**
     * Empirical CCDFs of both tails (spec §4.1: the positive scores, and apart from them the magnitudes of the negative
     * ones) and, for each fitted tail, the power law's CCDF above x_min scaled to the tail's share:
     * P(X ≥ x) = (n_tail / n) · (x / x_min)^(1 − α). Series: the positive CCDF, the negative CCDF, then the fitted
     * lines that exist, positive first; a tail without scores has an empty series.
     */
    public static XYSeriesCollection ccdf(double[] scores, PowerLawResult positiveFit, PowerLawResult negativeFit) {
        return bothTails(scores, positiveFit, negativeFit, AttributionFigures::empirical,
                (sign, fit, values) -> fitted(String.format("power law of %s, α = %.2f", sign, fit.alpha()), fit,
                        values));
    }

    /** How one kind of tail chart draws a fitted tail's line. */
    private interface FitLine {
        XYSeries line(String sign, PowerLawResult fit, double[] values);
    }

    /**
     * The series every both-tails chart has, in the order {@link #style} colours them: the positive tail, the
     * negative tail's magnitudes, then each fitted tail's line (positive first; {@code +} and {@code |−|} name them).
     */
    private static XYSeriesCollection bothTails(double[] scores, PowerLawResult positiveFit,
            PowerLawResult negativeFit, BiFunction<String, double[], XYSeries> points, FitLine fits) {
        XYSeriesCollection c = new XYSeriesCollection();
        double[] pos = ScoreTails.positive(scores);
        double[] neg = ScoreTails.negativeMagnitudes(scores);
        c.addSeries(points.apply(POSITIVE_CCDF, pos));
        c.addSeries(points.apply(NEGATIVE_CCDF, neg));
        if (positiveFit != null && pos.length > 0) {
            c.addSeries(fits.line("+", positiveFit, pos));
        }
        if (negativeFit != null && neg.length > 0) {
            c.addSeries(fits.line("|−|", negativeFit, neg));
        }
        return c;
    }

    static final String POSITIVE_CCDF = "positive scores (help)";
    static final String NEGATIVE_CCDF = "|negative scores| (hinder)";

    private static XYSeries empirical(String name, double[] values) {
        XYSeries emp = new XYSeries(name, true, true);
        if (values.length > 0) {
            ScoreTails.Ccdf e = ScoreTails.ccdf(values);
            for (int i = 0; i < e.x().length; i++) {
                emp.add(e.x()[i], e.ccdf()[i]);
            }
        }
        return emp;
    }

    private static XYSeries fitted(String name, PowerLawResult fit, double[] values) {
        XYSeries line = new XYSeries(name, true, true);
        double xmax = Arrays.stream(values).max().orElseThrow();
        double share = (double) fit.nTail() / values.length;
        for (int i = 0; i <= 40; i++) {
            double x = fit.xmin() * Math.pow(xmax / fit.xmin(), i / 40.0);
            line.add(x, share * Math.pow(x / fit.xmin(), 1 - fit.alpha()));
        }
        return line;
    }

    static JFreeChart ccdfChart(double[] scores, PowerLawResult positiveFit, PowerLawResult negativeFit) {
        LogAxis x = new LogAxis("|score|");
        LogAxis y = new LogAxis("P(|score| ≥ x)"); // within its own tail
        x.setTickUnit(new NumberTickUnit(1.0));
        y.setTickUnit(new NumberTickUnit(1.0));
        x.setSmallestValue(1e-12);
        y.setSmallestValue(1e-9);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        XYSeriesCollection data = ccdf(scores, positiveFit, negativeFit);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = Charts.themed(new JFreeChart("CCDF of both tails (log-log)", plot));
        style(r, data);
        chart.addSubtitle(subtitle(tailText("+", positiveFit)));
        chart.addSubtitle(subtitle(tailText("|−|", negativeFit)));
        return chart;
    }

    private static String tailText(String sign, PowerLawResult fit) {
        return fit == null ? sign + ": too few to fit" : String.format("%s: α = %.2f ± %.2f, x_min = %.3g, KS D = %.3f",
                sign, fit.alpha(), fit.se(), fit.xmin(), fit.ks());
    }

    /**
     * The rank plot of both tails (spec §4.1): each tail's values from the largest down against their rank, log–log,
     * and for a fitted tail the power law's line x(r) = x_min · (r / n_tail)^(−1/(α−1)) over ranks 1..n_tail, whose
     * slope −1/(α−1) is the one the legend names (not α).
     */
    public static XYSeriesCollection rank(double[] scores, PowerLawResult positiveFit, PowerLawResult negativeFit) {
        return bothTails(scores, positiveFit, negativeFit, AttributionFigures::ranked,
                (sign, fit, values) -> rankLine(String.format("%s slope −1/(α−1) = %.3f", sign, fit.rankSlope()),
                        fit));
    }

    /**
     * Values by rank; every rank up to {@code RANK_DENSE}, then thinned to about that many points per e-fold of rank
     * (a million samples still draw, and export, in a few thousand points), and always the last rank.
     */
    private static XYSeries ranked(String name, double[] values) {
        XYSeries s = new XYSeries(name, false, true);
        double[] v = values.clone();
        Arrays.sort(v);
        for (int r = 1; r <= v.length; r += Math.max(1, r / RANK_DENSE)) {
            s.add(r, v[v.length - r]);
        }
        if (v.length > 0 && s.getX(s.getItemCount() - 1).intValue() != v.length) {
            s.add(v.length, v[0]);
        }
        return s;
    }

    static final int RANK_DENSE = 500;

    private static XYSeries rankLine(String name, PowerLawResult fit) {
        XYSeries line = new XYSeries(name, false, true);
        for (int i = 0; i <= 40; i++) {
            double r = Math.pow(fit.nTail(), i / 40.0);
            line.add(r, fit.xmin() * Math.pow(r / fit.nTail(), fit.rankSlope()));
        }
        return line;
    }

    public static JFreeChart rankChart(double[] scores, PowerLawResult positiveFit, PowerLawResult negativeFit) {
        LogAxis x = new LogAxis("rank (1 = largest)");
        LogAxis y = new LogAxis("|score|");
        x.setTickUnit(new NumberTickUnit(1.0));
        y.setTickUnit(new NumberTickUnit(1.0));
        y.setSmallestValue(1e-12);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        XYSeriesCollection data = rank(scores, positiveFit, negativeFit);
        JFreeChart chart = Charts.themed(new JFreeChart("Rank plot of both tails (log-log)", new XYPlot(data, x, y,
                r)));
        style(r, data);
        return chart;
    }

    /** Points for the two empirical tails, dashed darker lines for the fits, each in its tail's colour. */
    private static void style(XYLineAndShapeRenderer r, XYSeriesCollection data) {
        for (int i = 0; i < data.getSeriesCount(); i++) {
            boolean points = i < 2;
            boolean negative = points ? i == 1 : data.getSeriesKey(i).toString().contains("|−|");
            Color c = Charts.PALETTE.get(negative ? 1 : 0);
            r.setSeriesLinesVisible(i, !points);
            r.setSeriesShapesVisible(i, points);
            if (points) {
                r.setSeriesShape(i, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
                r.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
            } else {
                r.setSeriesPaint(i, c.darker());
                r.setSeriesStroke(i, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 3f}, 0f));
            }
        }
    }

    /**
     * Lorenz curve of the positive scores (spec §4.6), at most {@code LORENZ_POINTS} + 1 points however many samples
     * there are, with the line of equality: the further below it, the fewer samples hold the influence.
     */
    public static XYSeriesCollection lorenz(double[] scores) {
        double[][] l = Concentration.lorenz(scores);
        XYSeries curve = new XYSeries("positive influence", true, false);
        int m = l[0].length - 1;
        if (m > 0) {
            int step = Math.max(1, m / LORENZ_POINTS);
            for (int i = 0; i < m; i += step) {
                curve.add(l[0][i], l[1][i]);
            }
            curve.add(l[0][m], l[1][m]);
        }
        XYSeries equal = new XYSeries("equal shares", true, false);
        equal.add(0, 0);
        equal.add(1, 1);
        XYSeriesCollection c = new XYSeriesCollection();
        c.addSeries(curve);
        c.addSeries(equal);
        return c;
    }

    static final int LORENZ_POINTS = 1000;

    static JFreeChart lorenzChart(double[] scores, Concentration c) {
        JFreeChart chart = Charts.themed(ChartFactory.createXYLineChart("Lorenz curve of positive influence",
                "share of positive samples (smallest first)", "share of positive mass", lorenz(scores),
                PlotOrientation.VERTICAL, true, true, false));
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        r.setSeriesPaint(0, Charts.PALETTE.get(0));
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesPaint(1, Color.GRAY);
        r.setSeriesStroke(1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {4f, 3f}, 0f));
        ((NumberAxis) plot.getDomainAxis()).setRange(0, 1);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1);
        chart.addSubtitle(subtitle(String.format("Gini %.3f · top 10%% hold %.1f%% · net mass ratio %.3g", c.gini(),
                100 * c.top10Share(), c.netMassRatio())));
        return chart;
    }

    /** Total positive and total |negative| score. */
    public static DefaultCategoryDataset mass(double positive, double negative) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        d.addValue(positive, "mass", "positive (helps)");
        d.addValue(Math.abs(negative), "mass", "negative (hinders)");
        return d;
    }

    static JFreeChart massChart(Concentration c) {
        return Charts.themed(ChartFactory.createBarChart("Positive vs negative mass", null,
                "total |influence score|", mass(c.positiveMass(), c.negativeMass()), PlotOrientation.VERTICAL, false,
                true, false));
    }

    /**
     * Influence vs repetition: one point per sample at (longest repeated span in tokens, score), positive scores
     * (help the head form) and the rest (hinder it, or none) as two series.
     */
    public static XYSeriesCollection scatter(double[] scores, int[] longestRepeat) {
        if (scores.length != longestRepeat.length) {
            throw new IllegalArgumentException("scatter: " + scores.length + " scores but " + longestRepeat.length
                    + " repeat lengths");
        }
        XYSeries pos = new XYSeries("positive = helps the head form", false, true);
        XYSeries neg = new XYSeries("negative or zero = hinders it", false, true);
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

    /** Score vs longest repeat, the repeat axis logarithmic when {@link #logRepeatAxis}; ρ as the subtitle. */
    static JFreeChart scatterChart(double[] scores, int[] longestRepeat, String rho) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        XYPlot plot = new XYPlot(scatter(scores, longestRepeat), repeatAxis(logRepeatAxis(longestRepeat)),
                new NumberAxis(SHORT_SCORE_AXIS), r);
        JFreeChart chart = Charts.themed(new JFreeChart("Influence vs repetition", plot));
        for (int i = 0; i < 2; i++) {
            Color c = Charts.PALETTE.get(i);
            r.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 140));
            r.setSeriesShape(i, new Ellipse2D.Double(-2, -2, 4, 4));
        }
        chart.addSubtitle(subtitle(rho));
        return chart;
    }

    /** A plain, smaller line under the title (the theme's regular font). */
    private static TextTitle subtitle(String text) {
        TextTitle t = new TextTitle(text);
        t.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        t.setPaint(Color.DARK_GRAY);
        return t;
    }

    private static ValueAxis repeatAxis(boolean log) {
        String label = "longest repeated span (tokens" + (log ? ", log scale)" : ")");
        if (log) {
            LogAxis a = new LogAxis(label);
            a.setSmallestValue(1);
            a.setNumberFormatOverride(new java.text.DecimalFormat("0"));
            return a;
        }
        NumberAxis a = new NumberAxis(label);
        a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return a;
    }
}
