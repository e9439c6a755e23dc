package mda.engine.attribution;

/**
 * One training sample's influence under several probes (spec §3.8–3.9): {@code scores[q] = I_q(z)} and
 * {@code contributions[q][t] = c_t}, with {@code scores[q] = Σ_t contributions[q][t]} (summed in float64).
 */
public record TokenScores(double[] scores, double[][] contributions) {
    public int probes() {
        return scores.length;
    }

    public int positions() {
        return contributions.length == 0 ? 0 : contributions[0].length;
    }

    /** I(z) for probe {@code q}. */
    public double score(int q) {
        return scores[q];
    }
}
