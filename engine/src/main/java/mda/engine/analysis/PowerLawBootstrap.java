package mda.engine.analysis;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import mda.engine.util.SplitMix64;

/**
 * Semi-parametric bootstrap goodness-of-fit test for a power-law fit (spec §4.4). Each synthetic data set has the
 * original size n: with probability nTail/n a point comes from the fitted power law, otherwise it is drawn uniformly
 * (with replacement) from the observed values below x̂min. Each synthetic set is refitted with the whole procedure,
 * xmin scan included, and the p-value is the fraction of replicates whose KS distance is ≥ the observed one.
 * p ≤ 0.1 rules the power law out.
 */
public final class PowerLawBootstrap {
    /** Default number of replicates (spec §4.4); 2500 gives a precision of about ±0.01. */
    public static final int DEFAULT_REPLICATES = 1000;

    private PowerLawBootstrap() {
    }

    /** The p-value with default minimum tail and no cancellation. */
    public static double pValue(double[] data, PowerLawFit.Fit fit, int replicates, long seed) {
        return pValue(data, fit, replicates, seed, PowerLawFit.DEFAULT_MIN_TAIL, () -> false);
    }

    /**
     * The bootstrap p-value.
     *
     * @param data the data the fit was made on (all positive)
     * @param fit the fit of {@code data} by {@link PowerLawFit#fit(double[], int)} with the same minTail
     * @param replicates number of synthetic data sets, ≥ 1
     * @param seed project/run seed; draws come from its {@link SplitMix64.Stream#BOOTSTRAP} stream
     * @param minTail minimum tail size of the xmin scan
     * @param cancelled polled once per replicate; when it returns true a {@link CancellationException} is thrown
     */
    public static double pValue(double[] data, PowerLawFit.Fit fit, int replicates, long seed, int minTail,
                                BooleanSupplier cancelled) {
        if (replicates < 1) {
            throw new IllegalArgumentException("PowerLawBootstrap: replicates must be >= 1, got " + replicates);
        }
        double[] sorted = PowerLawFit.checkData(data, "PowerLawBootstrap").clone();
        Arrays.sort(sorted);
        if (fit.n() != sorted.length) {
            throw new IllegalArgumentException("PowerLawBootstrap: fit was made on " + fit.n()
                + " points but data has " + sorted.length);
        }
        int nBelow = PowerLawFit.lowerBound(sorted, fit.xmin());
        double pTail = (double) fit.nTail() / sorted.length;
        double exponent = -1 / (fit.alpha() - 1);
        SplitMix64 rng = SplitMix64.stream(seed, SplitMix64.Stream.BOOTSTRAP);
        double[] synthetic = new double[sorted.length];
        int atLeast = 0;
        for (int r = 0; r < replicates; r++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("power-law bootstrap cancelled after " + r + " of " + replicates
                    + " replicates");
            }
            for (int i = 0; i < synthetic.length; i++) {
                if (nBelow == 0 || rng.nextDouble() < pTail) {
                    synthetic[i] = fit.xmin() * Math.pow(1 - rng.nextDouble(), exponent);
                } else {
                    synthetic[i] = sorted[rng.nextInt(nBelow)];
                }
            }
            Arrays.sort(synthetic);
            if (PowerLawFit.fitSorted(synthetic, minTail).ks() >= fit.ks()) {
                atLeast++;
            }
        }
        return (double) atLeast / replicates;
    }
}
