package mda.engine.analysis;

import java.util.Arrays;

/**
 * Vuong likelihood-ratio tests of a fitted power law against alternatives on the same tail x ≥ x̂min (spec §4.5):
 * the lognormal truncated at xmin (fitted by Nelder–Mead over (μ, ln σ)) and the exponential truncated at xmin.
 * With ℓ_i = ln p_PL(x_i) − ln p_alt(x_i): R = Σ ℓ_i, the normalized ratio is R/(σ_ℓ√n) and the two-sided p-value is
 * erfc(|R|/(σ_ℓ√(2n))). R &gt; 0 favours the power law; a large p means the data cannot tell the two apart.
 */
public final class LikelihoodRatio {
    private static final double HALF_LN_2_OVER_PI = 0.5 * Math.log(2 / Math.PI);

    private LikelihoodRatio() {
    }

    /**
     * One test result.
     *
     * @param alternative "lognormal" or "exponential"
     * @param r log-likelihood ratio R = Σ ℓ_i (power law minus alternative)
     * @param normalizedR R/(σ_ℓ√n)
     * @param p two-sided p-value
     * @param n tail size
     */
    public record Test(String alternative, double r, double normalizedR, double p, int n) {
        /** True when the sign of R is significant at level {@code level} and favours the power law. */
        public boolean favoursPowerLaw(double level) {
            return r > 0 && p < level;
        }
    }

    /** Fitted truncated lognormal: ln x ~ N(μ, σ²) conditioned on x ≥ xmin. */
    public record Lognormal(double mu, double sigma, double xmin) {
        /** Log-density at x ≥ xmin, with a log erfc that stays finite when the fit runs off to μ → −∞, σ → ∞. */
        public double logDensity(double x) {
            double lx = Math.log(x);
            double z = (Math.log(xmin) - mu) / (Math.sqrt(2) * sigma);
            return HALF_LN_2_OVER_PI - Math.log(sigma) - SpecialFunctions.logErfc(z) - lx
                - (lx - mu) * (lx - mu) / (2 * sigma * sigma);
        }
    }

    /** Power law against the lognormal truncated at the fit's xmin. */
    public static Test vsLognormal(double[] data, PowerLawFit.Fit fit) {
        double[] tail = tail(data, fit.xmin());
        Lognormal ln = fitLognormal(tail, fit.xmin());
        double[] ell = new double[tail.length];
        for (int i = 0; i < tail.length; i++) {
            ell[i] = PowerLawFit.logDensity(tail[i], fit.alpha(), fit.xmin()) - ln.logDensity(tail[i]);
        }
        return vuong("lognormal", ell);
    }

    /** Power law against the exponential truncated at the fit's xmin, λ̂ = 1/(mean(x) − xmin). */
    public static Test vsExponential(double[] data, PowerLawFit.Fit fit) {
        double[] tail = tail(data, fit.xmin());
        double mean = Arrays.stream(tail).average().orElseThrow();
        if (!(mean > fit.xmin())) {
            throw new IllegalArgumentException("vsExponential: all tail points equal xmin=" + fit.xmin());
        }
        double lambda = 1 / (mean - fit.xmin());
        double[] ell = new double[tail.length];
        for (int i = 0; i < tail.length; i++) {
            double lnExp = Math.log(lambda) - lambda * (tail[i] - fit.xmin());
            ell[i] = PowerLawFit.logDensity(tail[i], fit.alpha(), fit.xmin()) - lnExp;
        }
        return vuong("exponential", ell);
    }

    /** Maximum-likelihood truncated lognormal on tail points x ≥ xmin, started from the mean and sd of ln x. */
    public static Lognormal fitLognormal(double[] tail, double xmin) {
        if (tail.length < 2) {
            throw new IllegalArgumentException("fitLognormal: need at least 2 tail points, got " + tail.length);
        }
        double m = 0;
        for (double x : tail) {
            m += Math.log(x);
        }
        m /= tail.length;
        double v = 0;
        for (double x : tail) {
            v += (Math.log(x) - m) * (Math.log(x) - m);
        }
        double sd = Math.sqrt(v / tail.length);
        if (!(sd > 0)) {
            throw new IllegalArgumentException("fitLognormal: all tail points are equal");
        }
        double[] best = NelderMead.minimize(p -> {
            Lognormal cand = new Lognormal(p[0], Math.exp(p[1]), xmin);
            double nll = 0;
            for (double x : tail) {
                nll -= cand.logDensity(x);
            }
            return nll;
        }, new double[] {m, Math.log(sd)}, new double[] {0.5 * sd + 0.1, 0.5}, 1e-13, 4000);
        return new Lognormal(best[0], Math.exp(best[1]), xmin);
    }

    /** The Vuong statistic from pointwise log-likelihood differences ℓ_i (σ_ℓ is the population sd). */
    public static Test vuong(String alternative, double[] ell) {
        int n = ell.length;
        double r = 0;
        for (double e : ell) {
            r += e;
        }
        double mean = r / n;
        double var = 0;
        for (double e : ell) {
            var += (e - mean) * (e - mean);
        }
        double sd = Math.sqrt(var / n);
        if (!(sd > 0)) {
            // Identical pointwise differences: no variance to normalize by; only a zero ratio is "indistinguishable".
            return new Test(alternative, r, r == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, r), r == 0 ? 1 : 0,
                n);
        }
        return new Test(alternative, r, r / (sd * Math.sqrt(n)),
            SpecialFunctions.erfc(Math.abs(r) / (sd * Math.sqrt(2.0 * n))), n);
    }

    private static double[] tail(double[] data, double xmin) {
        double[] tail = Arrays.stream(PowerLawFit.checkData(data, "LikelihoodRatio")).filter(x -> x >= xmin)
            .toArray();
        if (tail.length < 2) {
            throw new IllegalArgumentException("LikelihoodRatio: need at least 2 points >= xmin=" + xmin + ", got "
                + tail.length);
        }
        return tail;
    }
}
