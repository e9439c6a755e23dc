package mda.app.ui.common;

import javafx.scene.paint.Color;

/** Sequential colour scale (viridis stops, linear in between) for heatmap cells. */
public final class ColorScale {
    private static final int[] STOPS = {0x440154, 0x3B528B, 0x21918C, 0x5EC962, 0xFDE725};

    private ColorScale() {
    }

    /** {lowest, highest} finite value of a table; {+∞, −∞} when none is finite. */
    public static double[] finiteRange(double[][] table) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : table) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return new double[] {lo, hi};
    }

    /** The colour of {@code v} on [{@code lo}, {@code hi}]; NaN is light grey. */
    public static Color of(double v, double lo, double hi) {
        if (Double.isNaN(v)) {
            return Color.gray(0.9);
        }
        double t = hi > lo ? Math.max(0, Math.min(1, (v - lo) / (hi - lo))) : 0;
        double x = t * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) Math.floor(x));
        double f = x - i;
        Color a = Color.rgb(STOPS[i] >> 16, (STOPS[i] >> 8) & 0xFF, STOPS[i] & 0xFF);
        Color b = Color.rgb(STOPS[i + 1] >> 16, (STOPS[i + 1] >> 8) & 0xFF, STOPS[i + 1] & 0xFF);
        return a.interpolate(b, f);
    }

    /** The AWT colour of the same scale, for JFreeChart paint scales. */
    public static java.awt.Color awt(double v, double lo, double hi) {
        Color c = of(v, lo, hi);
        return new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue());
    }

    /** Black or white text, whichever reads on {@code background}. */
    public static Color textOn(Color background) {
        return background.getBrightness() > 0.6 ? Color.BLACK : Color.WHITE;
    }

    /** Black or white AWT text, whichever reads on the colour of {@code v} (for figure annotations). */
    public static java.awt.Color awtTextOn(double v, double lo, double hi) {
        return textOn(of(v, lo, hi)) == Color.BLACK ? java.awt.Color.BLACK : java.awt.Color.WHITE;
    }
}
