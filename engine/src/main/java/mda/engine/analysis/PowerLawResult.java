package mda.engine.analysis;

import java.util.function.BooleanSupplier;

/**
 * Everything the power-law view shows for one tail (spec §4.2–4.5): the fit, the bootstrap p-value (NaN when the
 * bootstrap was not run) and the Vuong tests against the truncated lognormal and exponential.
 *
 * @param alpha density exponent α̂ (the CCDF slope is −(α̂−1), the rank-plot slope −1/(α̂−1))
 * @param xmin chosen lower bound of the tail
 * @param se standard error of α̂
 * @param ks KS distance of the fit
 * @param nTail number of points ≥ xmin
 * @param n number of points fitted
 * @param pValue bootstrap goodness-of-fit p-value, NaN when not computed
 * @param lognormalR log-likelihood ratio against the truncated lognormal (&gt; 0 favours the power law)
 * @param lognormalP its two-sided p-value
 * @param exponentialR log-likelihood ratio against the truncated exponential
 * @param exponentialP its two-sided p-value
 */
public record PowerLawResult(double alpha, double xmin, double se, double ks, int nTail, int n, double pValue,
                             double lognormalR, double lognormalP, double exponentialR, double exponentialP) {

    /** Fit with the KS scan, run the likelihood-ratio tests, and the bootstrap when {@code replicates > 0}. */
    public static PowerLawResult analyse(double[] data, int replicates, long seed) {
        return analyse(data, PowerLawFit.DEFAULT_MIN_TAIL, replicates, seed, () -> false);
    }

    /**
     * Full analysis of positive data.
     *
     * @param data positive values (for influence: the positive scores, or the magnitudes of the negative ones)
     * @param minTail minimum tail size of the xmin scan
     * @param replicates bootstrap replicates; 0 skips the bootstrap and leaves {@link #pValue()} NaN
     * @param seed seed of the bootstrap stream
     * @param cancelled polled by the bootstrap once per replicate
     */
    public static PowerLawResult analyse(double[] data, int minTail, int replicates, long seed,
                                         BooleanSupplier cancelled) {
        if (replicates < 0) {
            throw new IllegalArgumentException("PowerLawResult: replicates must be >= 0, got " + replicates);
        }
        PowerLawFit.Fit fit = PowerLawFit.fit(data, minTail);
        double p = replicates == 0 ? Double.NaN
            : PowerLawBootstrap.pValue(data, fit, replicates, seed, minTail, cancelled);
        LikelihoodRatio.Test ln = LikelihoodRatio.vsLognormal(data, fit);
        LikelihoodRatio.Test ex = LikelihoodRatio.vsExponential(data, fit);
        return new PowerLawResult(fit.alpha(), fit.xmin(), fit.se(), fit.ks(), fit.nTail(), fit.n(), p, ln.r(), ln.p(),
            ex.r(), ex.p());
    }

    /** Slope of the CCDF on log–log axes, −(α̂−1). */
    public double ccdfSlope() {
        return -(alpha - 1);
    }

    /** Slope of the rank plot on log–log axes, −1/(α̂−1). */
    public double rankSlope() {
        return -1 / (alpha - 1);
    }
}
