package mda.engine.attribution;

import org.ejml.data.DMatrixRMaj;

/**
 * The fitted EK-FAC factors of one block: input basis Q_A (from A), output basis Q_S (from S), the corrected
 * eigenvalues Λ (d_out × d_in, row i ↔ column i of Q_S, column j ↔ column j of Q_A) and the resolved damping λ.
 * A block whose Λ is all zero has λ = 0 and is inactive: it is skipped (spec §3.6) and contributes nothing.
 */
public record BlockFactors(Block block, EigenBasis inputBasis, EigenBasis outputBasis, DMatrixRMaj lambda,
                           double damping) {
    public BlockFactors {
        CovarianceAccumulator.checkShape("lambda of block " + block, lambda, outputBasis.size(), inputBasis.size());
        for (int i = 0; i < lambda.numRows * lambda.numCols; i++) {
            if (!(lambda.data[i] >= 0) || !Double.isFinite(lambda.data[i])) {
                throw new IllegalArgumentException("lambda of block " + block + " has invalid entry "
                        + lambda.data[i] + " at index " + i);
            }
        }
        if (!(damping >= 0) || !Double.isFinite(damping)) {
            throw new IllegalArgumentException("damping of block " + block + " must be >= 0, got " + damping);
        }
        if (damping == 0 && Damping.meanOf(lambda) > 0) {
            throw new IllegalArgumentException("block " + block + " has nonzero lambda but zero damping");
        }
    }

    /** Factors with λ_b resolved from {@code damping} (spec §3.6). */
    public static BlockFactors of(Block block, EigenBasis input, EigenBasis output, DMatrixRMaj lambda,
                                  Damping damping) {
        return new BlockFactors(block, input, output, lambda, damping.resolve(lambda));
    }

    /**
     * The K-FAC eigenvalues (comparison variant, §3.5 step 4): {@code Λ_ij = T · σ_i · α_j}, with σ the eigenvalues
     * of S, α those of A and T the mean positions per sequence. Tiny negative eigenvalues from round-off are
     * clamped to 0.
     */
    public static DMatrixRMaj kfacLambda(EigenBasis input, EigenBasis output, double tokensPerSequence) {
        if (!(tokensPerSequence > 0)) {
            throw new IllegalArgumentException("tokensPerSequence must be positive, got " + tokensPerSequence);
        }
        DMatrixRMaj out = new DMatrixRMaj(output.size(), input.size());
        for (int i = 0; i < output.size(); i++) {
            double s = Math.max(0, output.values()[i]);
            for (int j = 0; j < input.size(); j++) {
                out.unsafe_set(i, j, tokensPerSequence * s * Math.max(0, input.values()[j]));
            }
        }
        return out;
    }

    public boolean active() {
        return damping > 0;
    }

    public int dIn() {
        return inputBasis.size();
    }

    public int dOut() {
        return outputBasis.size();
    }

    /** mean(Λ_b): the block's average per-sequence Fisher eigenvalue. */
    public double meanLambda() {
        return Damping.meanOf(lambda);
    }
}
