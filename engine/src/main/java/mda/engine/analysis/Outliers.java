package mda.engine.analysis;

import java.util.Arrays;

/**
 * Samples whose |score| stands far above the typical one (bergson #112: a few outlier gradients made results swing,
 * and cutting at 10× the median helped). Reported, never filtered: an outlier may be the very catalyst MDA looks for,
 * so the researcher should see how much of the mass they hold and look at them.
 *
 * @param factor      the cut, as a multiple of the median |score|
 * @param medianAbs   the median |score|
 * @param count       samples with |score| above factor × median
 * @param massShare   their share of the total |score|
 * @param maxRatio    the largest |score| over the median (∞ when the median is 0 and some score is not)
 */
public record Outliers(double factor, double medianAbs, int count, double massShare, double maxRatio) {
    /** The cut bergson's users found useful. */
    public static final double DEFAULT_FACTOR = 10;

    public static Outliers of(double[] scores, double factor) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("outliers of an empty score set");
        }
        if (!(factor > 0)) {
            throw new IllegalArgumentException("the outlier cut must be a positive multiple, got " + factor);
        }
        double[] abs = new double[scores.length];
        double total = 0;
        for (int i = 0; i < abs.length; i++) {
            abs[i] = Math.abs(scores[i]);
            total += abs[i];
        }
        double[] sorted = abs.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = Median.ofSorted(sorted);
        double cut = factor * median;
        int count = 0;
        double mass = 0;
        for (double a : abs) {
            if (a > cut) {
                count++;
                mass += a;
            }
        }
        double max = sorted[n - 1];
        double ratio = median > 0 ? max / median : max > 0 ? Double.POSITIVE_INFINITY : 1;
        return new Outliers(factor, median, count, total > 0 ? mass / total : 0, ratio);
    }
}
