package mda.engine.probe;

/**
 * In-context-learning score from per-position losses (spec §2.5, after Olsson et al.).
 *
 * <p>With context length T: early index {@code e = min(50, ⌊0.1T⌋)}, late index {@code ℓ = min(500, ⌊0.9T⌋)}.
 * Per sequence, {@code ICL = mean loss over [ℓ−2, ℓ+2] − mean loss over [e−2, e+2]} (windows clipped to [0, T)).
 * ICL is negative when in-context learning is present; the UI plots the gain −ICL.
 */
public final class IclScore {
    private IclScore() {
    }

    /**
     * ICL of a set of sequences at one checkpoint.
     *
     * @param icl       per-sequence late − early (bootstrap over these)
     * @param lossCurve mean loss at each position t over sequences, length T
     * @param early     e
     * @param late      ℓ
     */
    public record Result(double[] icl, double[] lossCurve, int early, int late) {
        /** Per-sequence ICL gain = −ICL. */
        public double[] gain() {
            double[] g = new double[icl.length];
            for (int s = 0; s < g.length; s++) {
                g[s] = -icl[s];
            }
            return g;
        }

        /** Mean ICL over sequences. */
        public double meanIcl() {
            return HeadMetrics.mean(icl);
        }

        /** Mean ICL gain over sequences. */
        public double meanGain() {
            return -meanIcl();
        }
    }

    /** Early index e = min(50, ⌊0.1T⌋). */
    public static int earlyIndex(int t) {
        return Math.min(50, (int) Math.floor(0.1 * t));
    }

    /** Late index ℓ = min(500, ⌊0.9T⌋). */
    public static int lateIndex(int t) {
        return Math.min(500, (int) Math.floor(0.9 * t));
    }

    /**
     * Computes ICL per sequence and the mean loss curve.
     *
     * @param loss per-sequence per-position loss, n × T (natural log, loss at position t predicts token t+1)
     */
    public static Result compute(double[][] loss) {
        if (loss.length == 0) {
            throw new IllegalArgumentException("loss: need at least one sequence");
        }
        int t = loss[0].length;
        if (t < 2) {
            throw new IllegalArgumentException("loss: need at least 2 positions per sequence, got " + t);
        }
        int e = earlyIndex(t);
        int l = lateIndex(t);
        double[] icl = new double[loss.length];
        double[] curve = new double[t];
        for (int s = 0; s < loss.length; s++) {
            double[] row = loss[s];
            if (row.length != t) {
                throw new IllegalArgumentException("loss: sequence " + s + " has " + row.length
                        + " positions, expected " + t);
            }
            icl[s] = windowMean(row, l) - windowMean(row, e);
            for (int i = 0; i < t; i++) {
                curve[i] += row[i] / loss.length;
            }
        }
        return new Result(icl, curve, e, l);
    }

    private static double windowMean(double[] row, int centre) {
        int lo = Math.max(0, centre - 2);
        int hi = Math.min(row.length - 1, centre + 2);
        double sum = 0;
        for (int i = lo; i <= hi; i++) {
            sum += row[i];
        }
        return sum / (hi - lo + 1);
    }
}
