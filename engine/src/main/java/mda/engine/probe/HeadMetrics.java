package mda.engine.probe;

/**
 * Per-sequence attention-pattern scores of one head (spec §2.2–§2.3).
 *
 * <p>Input layout: {@code att} is one head's attention probabilities, shape [n][T][T] row-major, row = query i,
 * column = key j, so {@code A_s[i][j] = att[(s*T + i)*T + j]}. {@code tokens} is [n][T]. Every method returns one
 * value per sequence so that callers can bootstrap over sequences; a sequence with no query (e.g. natural text
 * without a repeated token) gets {@code NaN}, which {@link #mean(double[])} skips.
 */
public final class HeadMetrics {
    private HeadMetrics() {
    }

    /**
     * Induction (prefix-matching) score: per sequence, the mean over queries i with a prev of A[i, prev(i)+1].
     * On RRT the queries are exactly the second copy.
     */
    public static double[] induction(float[] att, int[][] tokens) {
        int t = checkShapes(att, tokens);
        double[] out = new double[tokens.length];
        for (int s = 0; s < tokens.length; s++) {
            EvalSets.InductionQueries q = EvalSets.inductionQueries(tokens[s]);
            out[s] = meanAt(att, s, t, q.positions(), q.targets());
        }
        return out;
    }

    /** Duplicate-token score: per sequence, the mean over queries i with a prev of A[i, prev(i)]. */
    public static double[] duplicateToken(float[] att, int[][] tokens) {
        int t = checkShapes(att, tokens);
        double[] out = new double[tokens.length];
        for (int s = 0; s < tokens.length; s++) {
            EvalSets.InductionQueries q = EvalSets.inductionQueries(tokens[s]);
            out[s] = meanAt(att, s, t, q.positions(), q.prevs());
        }
        return out;
    }

    /**
     * Previous-token score: per sequence, the mean over i in [1+bos, T) of A[i, i−1]. With BOS, row 1 is skipped
     * because attending to BOS there is not evidence of a previous-token head.
     */
    public static double[] previousToken(float[] att, int[][] tokens, boolean bos) {
        int t = checkShapes(att, tokens);
        int first = bos ? 2 : 1;
        double[] out = new double[tokens.length];
        for (int s = 0; s < tokens.length; s++) {
            if (first >= t) {
                out[s] = Double.NaN;
                continue;
            }
            double sum = 0;
            for (int i = first; i < t; i++) {
                sum += att[(s * t + i) * t + i - 1];
            }
            out[s] = sum / (t - first);
        }
        return out;
    }

    /** Mean of the defined (non-NaN) values; NaN when none is defined. */
    public static double mean(double[] values) {
        double sum = 0;
        int count = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private static double meanAt(float[] att, int s, int t, int[] rows, int[] cols) {
        if (rows.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int q = 0; q < rows.length; q++) {
            sum += att[(s * t + rows[q]) * t + cols[q]];
        }
        return sum / rows.length;
    }

    /** Returns T after checking that every sequence has length T and att holds n·T·T values. */
    private static int checkShapes(float[] att, int[][] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("tokens: need at least one sequence");
        }
        int t = tokens[0].length;
        for (int s = 1; s < tokens.length; s++) {
            if (tokens[s].length != t) {
                throw new IllegalArgumentException("tokens: sequence " + s + " has length " + tokens[s].length
                        + ", expected " + t + " like sequence 0");
            }
        }
        long expected = (long) tokens.length * t * t;
        if (att.length != expected) {
            throw new IllegalArgumentException("att: length " + att.length + " does not match [n=" + tokens.length
                    + "][T=" + t + "][T=" + t + "] = " + expected);
        }
        return t;
    }
}
