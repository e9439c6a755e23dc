package mda.engine.attribution;

import org.ejml.data.DMatrixRMaj;

/**
 * Per-block damping λ_b (spec §3.6): by default {@code λ_b = 0.1 · mean(Λ_b)}; optionally an absolute value.
 *
 * @param kind relative to mean(Λ_b) or absolute
 * @param value the factor (relative) or λ itself (absolute); must be positive and finite
 */
public record Damping(Kind kind, double value) {
    /** How {@link #value} is read. */
    public enum Kind { RELATIVE, ABSOLUTE }

    /** The default heuristic factor of §3.6. */
    public static final double DEFAULT_FACTOR = 0.1;

    public Damping {
        if (kind == null) {
            throw new IllegalArgumentException("damping kind must not be null");
        }
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("damping value must be positive and finite, got " + value);
        }
    }

    /** {@code λ_b = factor · mean(Λ_b)}. */
    public static Damping relative(double factor) {
        return new Damping(Kind.RELATIVE, factor);
    }

    /** {@code λ_b = lambda} for every block. */
    public static Damping absolute(double lambda) {
        return new Damping(Kind.ABSOLUTE, lambda);
    }

    /** The default: relative with factor 0.1. */
    public static Damping defaults() {
        return relative(DEFAULT_FACTOR);
    }

    /** λ_b for a block with corrected eigenvalues Λ_b. A block with mean(Λ_b) = 0 gets 0: it is skipped. */
    public double resolve(DMatrixRMaj lambda) {
        double mean = meanOf(lambda);
        if (mean == 0) {
            return 0;
        }
        return kind == Kind.RELATIVE ? value * mean : value;
    }

    static double meanOf(DMatrixRMaj m) {
        double s = 0;
        int n = m.numRows * m.numCols;
        for (int i = 0; i < n; i++) {
            s += m.data[i];
        }
        return n == 0 ? 0 : s / n;
    }
}
