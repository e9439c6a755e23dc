package mda.engine.analysis;

import java.util.function.ToDoubleFunction;

/**
 * Minimal Nelder–Mead simplex minimiser (standard reflection, expansion, contraction and shrink coefficients).
 * NaN objective values count as +∞, so the simplex backs away from invalid regions instead of poisoning the search.
 */
final class NelderMead {
    private NelderMead() {
    }

    /**
     * Minimises f from x0 with initial simplex steps {@code step}; stops when the spread of the simplex values falls
     * below tol (absolute plus relative) or after maxIter iterations. Returns the best point found.
     */
    static double[] minimize(ToDoubleFunction<double[]> f, double[] x0, double[] step, double tol, int maxIter) {
        int d = x0.length;
        double[][] pts = new double[d + 1][];
        double[] val = new double[d + 1];
        pts[0] = x0.clone();
        for (int i = 0; i < d; i++) {
            pts[i + 1] = x0.clone();
            pts[i + 1][i] += step[i];
        }
        for (int i = 0; i <= d; i++) {
            val[i] = eval(f, pts[i]);
        }
        for (int iter = 0; iter < maxIter; iter++) {
            sort(pts, val);
            if (Math.abs(val[d] - val[0]) <= tol * (1 + Math.abs(val[0]))) {
                break;
            }
            double[] centroid = new double[d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    centroid[j] += pts[i][j] / d;
                }
            }
            double[] xr = affine(centroid, pts[d], -1.0);
            double fr = eval(f, xr);
            if (fr < val[0]) {
                double[] xe = affine(centroid, pts[d], -2.0);
                double fe = eval(f, xe);
                replace(pts, val, d, fe < fr ? xe : xr, Math.min(fe, fr));
            } else if (fr < val[d - 1]) {
                replace(pts, val, d, xr, fr);
            } else {
                boolean outside = fr < val[d];
                double[] xc = affine(centroid, outside ? xr : pts[d], 0.5);
                double fc = eval(f, xc);
                if (fc < (outside ? fr : val[d])) {
                    replace(pts, val, d, xc, fc);
                } else {
                    for (int i = 1; i <= d; i++) {
                        pts[i] = affine(pts[0], pts[i], 0.5);
                        val[i] = eval(f, pts[i]);
                    }
                }
            }
        }
        sort(pts, val);
        return pts[0];
    }

    private static double eval(ToDoubleFunction<double[]> f, double[] x) {
        double v = f.applyAsDouble(x);
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    /** c + t·(p − c). */
    private static double[] affine(double[] c, double[] p, double t) {
        double[] r = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            r[j] = c[j] + t * (p[j] - c[j]);
        }
        return r;
    }

    private static void replace(double[][] pts, double[] val, int i, double[] x, double v) {
        pts[i] = x;
        val[i] = v;
    }

    private static void sort(double[][] pts, double[] val) {
        for (int i = 1; i < val.length; i++) {
            for (int j = i; j > 0 && val[j] < val[j - 1]; j--) {
                double tv = val[j];
                val[j] = val[j - 1];
                val[j - 1] = tv;
                double[] tp = pts[j];
                pts[j] = pts[j - 1];
                pts[j - 1] = tp;
            }
        }
    }
}
