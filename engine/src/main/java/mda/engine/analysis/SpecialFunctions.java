package mda.engine.analysis;

/**
 * Special functions needed by the analysis code, in double precision: erfc and a log erfc that never underflows,
 * log-gamma, log binomial coefficients, the regularized incomplete beta function and Student-t tail probabilities.
 */
public final class SpecialFunctions {
    private static final double SQRT_PI = Math.sqrt(Math.PI);
    private static final double LN_SQRT_PI = 0.5 * Math.log(Math.PI);
    /** Below this argument erfc comes from the (positive-term) erf series, above it from the continued fraction. */
    private static final double SERIES_LIMIT = 2.5;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    private SpecialFunctions() {
    }

    /** Complementary error function, relative accuracy about 1e-14 (it underflows to 0 near z = 27). */
    public static double erfc(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        if (z < 0) {
            return 2.0 - erfc(-z);
        }
        if (z < SERIES_LIMIT) {
            return 1.0 - erfSeries(z);
        }
        return Math.exp(-z * z) / SQRT_PI * continuedFraction(z);
    }

    /** Error function. */
    public static double erf(double z) {
        if (Math.abs(z) < SERIES_LIMIT) {
            return erfSeries(z);
        }
        return 1.0 - erfc(z);
    }

    /**
     * ln erfc(z) without underflow: for large z the factor exp(−z²) is kept in log form, so the result stays finite
     * (about −z²) where erfc itself is 0. This matters for the truncated-lognormal fit on power-law data (§4.5).
     */
    public static double logErfc(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        if (z < SERIES_LIMIT) {
            return Math.log(erfc(z));
        }
        return -z * z - LN_SQRT_PI + Math.log(continuedFraction(z));
    }

    /** The spec's asymptotic form of ln erfc(z), accurate to 1e-10 for z > 20; kept as a cross-check. */
    public static double logErfcAsymptotic(double z) {
        double z2 = z * z;
        return -z2 - Math.log(z * SQRT_PI)
            + Math.log(1 - 1 / (2 * z2) + 3 / (4 * z2 * z2) - 15 / (8 * z2 * z2 * z2));
    }

    // erf(z) = 2/√π · exp(−z²) · Σ 2ⁿ z^(2n+1) / (1·3·…·(2n+1)); all terms positive, so no cancellation.
    private static double erfSeries(double z) {
        double term = z;
        double sum = z;
        double z2 = z * z;
        for (int n = 1; n < 200; n++) {
            term *= 2 * z2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return 2 / SQRT_PI * Math.exp(-z2) * sum;
    }

    // √π·exp(z²)·erfc(z) = 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))), evaluated by the modified Lentz method.
    private static double continuedFraction(double z) {
        double tiny = 1e-300;
        double f = z;
        double c = z;
        double d = 0;
        for (int n = 1; n < 500; n++) {
            double a = n / 2.0;
            d = z + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = z + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return 1 / f;
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7; relative accuracy about 1e-15). */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma: argument must be positive, got " + x);
        }
        if (x < 0.5) {
            // Reflection keeps the Lanczos sum in its accurate range.
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double xm = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (xm + i);
        }
        double t = xm + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** ln C(n, k) for 0 ≤ k ≤ n. */
    public static double logChoose(int n, int k) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("logChoose: need 0 <= k <= n, got n=" + n + " k=" + k);
        }
        if (k == 0 || k == n) {
            return 0;
        }
        return logGamma(n + 1.0) - logGamma(k + 1.0) - logGamma(n - k + 1.0);
    }

    /** Regularized incomplete beta I_x(a, b), by the standard continued fraction. */
    public static double regularizedBeta(double x, double a, double b) {
        if (x < 0 || x > 1 || !(a > 0) || !(b > 0)) {
            throw new IllegalArgumentException("regularizedBeta: need 0<=x<=1, a>0, b>0, got x=" + x + " a=" + a
                + " b=" + b);
        }
        if (x == 0 || x == 1) {
            return x;
        }
        double lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        // The fraction converges fast for x < (a+1)/(a+b+2); otherwise use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(lnFront) * betaFraction(x, a, b) / a;
        }
        return 1 - Math.exp(lnFront) * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = Math.abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m < 1000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** Two-sided p-value P(|T| ≥ |t|) for Student's t with df degrees of freedom. */
    public static double studentTTwoSided(double t, double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("studentTTwoSided: df must be positive, got " + df);
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** Two-sided standard-normal p-value P(|Z| ≥ |z|) = erfc(|z|/√2). */
    public static double normalTwoSided(double z) {
        return erfc(Math.abs(z) / Math.sqrt(2));
    }
}
