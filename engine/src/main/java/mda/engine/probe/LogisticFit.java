package mda.engine.probe;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Least-squares logistic fit of a formation curve in log-step (spec §2.6.3):
 * {@code m = a + b / (1 + exp(−(x − c)/w))}, {@code x = ln s} (s = 0.5 for step 0). The onset is {@code e^c}.
 *
 * @param a          lower asymptote
 * @param b          rise (upper − lower asymptote)
 * @param c          centre in log-step
 * @param w          width in log-step (> 0)
 * @param rss        residual sum of squares at the solution
 * @param iterations Levenberg–Marquardt iterations used
 * @param converged  whether the relative RSS change fell below tolerance before the iteration limit
 */
public record LogisticFit(double a, double b, double c, double w, double rss, int iterations, boolean converged) {
    private static final int MAX_ITER = 500;
    private static final double TOL = 1e-12;

    /** Onset step e^c. */
    public double onsetStep() {
        return Math.exp(c);
    }

    /** The fitted curve at a step. */
    public double valueAt(long step) {
        return a + b * sigmoid((Onset.logStep(step) - c) / w);
    }

    /**
     * Fits by Levenberg–Marquardt (Marquardt's diagonal scaling). Initialisation: a and a+b from the medians of the
     * first and last three points, c from the mid-level crossing of the running maximum, w from the steepest central
     * difference (the logistic's maximum slope is b/(4w)).
     */
    public static LogisticFit fit(long[] steps, double[] values) {
        Onset.checkCurve(steps, values, 4);
        int n = steps.length;
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = Onset.logStep(steps[k]);
        }
        ReferenceLevels lv = ReferenceLevels.fromBaseline(values);
        if (!lv.rises()) {
            throw new IllegalArgumentException("logisticFit: the curve does not rise (first-three median "
                    + lv.low() + ", last-three median " + lv.high() + ")");
        }
        double range = x[n - 1] - x[0];
        double[] p = {lv.low(), lv.high() - lv.low(), Math.log(Onset.onset(steps, values, lv, 0.5).step()), 0};
        double maxSlope = 0;
        for (int k = 1; k < n - 1; k++) {
            maxSlope = Math.max(maxSlope, (values[k + 1] - values[k - 1]) / (x[k + 1] - x[k - 1]));
        }
        p[3] = maxSlope > 0 ? p[1] / (4 * maxSlope) : range / 10;
        p[3] = Math.max(range * 1e-3, Math.min(range, p[3]));

        double rss = rss(x, values, p);
        double lambda = 1e-3;
        int iter = 0;
        boolean converged = false;
        DMatrixRMaj jtj = new DMatrixRMaj(4, 4);
        DMatrixRMaj jtr = new DMatrixRMaj(4, 1);
        DMatrixRMaj delta = new DMatrixRMaj(4, 1);
        while (iter < MAX_ITER && !converged) {
            iter++;
            normalEquations(x, values, p, jtj, jtr);
            boolean accepted = false;
            while (!accepted && lambda < 1e12) {
                DMatrixRMaj lhs = jtj.copy();
                for (int i = 0; i < 4; i++) {
                    lhs.add(i, i, lambda * Math.max(jtj.get(i, i), 1e-12));
                }
                if (!CommonOps_DDRM.solve(lhs, jtr, delta)) {
                    lambda *= 10;
                    continue;
                }
                double[] q = {p[0] + delta.get(0), p[1] + delta.get(1), p[2] + delta.get(2), p[3] + delta.get(3)};
                double next = q[3] > 0 ? rss(x, values, q) : Double.POSITIVE_INFINITY;
                if (next <= rss) {
                    converged = rss - next <= TOL * Math.max(rss, 1e-300);
                    System.arraycopy(q, 0, p, 0, 4);
                    rss = next;
                    lambda = Math.max(lambda / 10, 1e-12);
                    accepted = true;
                } else {
                    lambda *= 10;
                }
            }
            if (!accepted) {
                // No descent direction left at any damping: a (local) minimum to working precision.
                converged = true;
            }
        }
        return new LogisticFit(p[0], p[1], p[2], p[3], rss, iter, converged);
    }

    /** JᵀJ and Jᵀr for residuals r = y − f(x; p). */
    private static void normalEquations(double[] x, double[] y, double[] p, DMatrixRMaj jtj, DMatrixRMaj jtr) {
        jtj.zero();
        jtr.zero();
        double[] j = new double[4];
        for (int k = 0; k < x.length; k++) {
            double u = (x[k] - p[2]) / p[3];
            double s = sigmoid(u);
            double ds = s * (1 - s);
            j[0] = 1;
            j[1] = s;
            j[2] = -p[1] * ds / p[3];
            j[3] = -p[1] * ds * u / p[3];
            double r = y[k] - (p[0] + p[1] * s);
            for (int a = 0; a < 4; a++) {
                jtr.add(a, 0, j[a] * r);
                for (int b = 0; b < 4; b++) {
                    jtj.add(a, b, j[a] * j[b]);
                }
            }
        }
    }

    private static double rss(double[] x, double[] y, double[] p) {
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
            double r = y[k] - (p[0] + p[1] * sigmoid((x[k] - p[2]) / p[3]));
            sum += r * r;
        }
        return sum;
    }

    /** Overflow-free logistic function. */
    static double sigmoid(double u) {
        if (u >= 0) {
            return 1 / (1 + Math.exp(-u));
        }
        double e = Math.exp(u);
        return e / (1 + e);
    }
}
