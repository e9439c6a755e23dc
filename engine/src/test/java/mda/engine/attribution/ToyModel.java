package mda.engine.attribution;

import mda.engine.util.SplitMix64;
import org.ejml.data.DMatrixRMaj;

/**
 * A model-free stand-in for one attention block: inputs ã_t = [x_t; 1], block output y_s = W ã_s, fixed causal
 * mixing h_t = Σ_{s≤t} w_ts y_s (so positions interact as through attention), and logits h_t over a vocabulary of
 * size d_out. The output gradient of Σ_t c_t · (−log p_t(label_t)) is g_s = Σ_{t≥s} w_ts c_t (p_t − e_label).
 */
final class ToyModel {
    final int dOut;
    final int dIn;

    ToyModel(int dOut, int dIn) {
        this.dOut = dOut;
        this.dIn = dIn;
    }

    /** One sequence: inputs with the homogeneous 1, causal mixing weights and target ids. */
    record Sequence(DMatrixRMaj a, double[][] w, int[] targets) {
        int length() {
            return targets.length;
        }
    }

    Sequence randomSequence(SplitMix64 rng, int t) {
        DMatrixRMaj a = new DMatrixRMaj(t, dIn);
        for (int p = 0; p < t; p++) {
            for (int j = 0; j < dIn - 1; j++) {
                a.set(p, j, rng.nextGaussian());
            }
            a.set(p, dIn - 1, 1.0);
        }
        double[][] w = new double[t][t];
        for (int p = 0; p < t; p++) {
            double sum = 0;
            for (int s = 0; s <= p; s++) {
                w[p][s] = 0.2 + rng.nextDouble();
                sum += w[p][s];
            }
            for (int s = 0; s <= p; s++) {
                w[p][s] /= sum;
            }
        }
        int[] targets = new int[t];
        for (int p = 0; p < t; p++) {
            targets[p] = rng.nextInt(dOut);
        }
        return new Sequence(a, w, targets);
    }

    /** Softmax probabilities p_t, [T][d_out]. */
    double[][] probs(DMatrixRMaj weights, Sequence z) {
        int t = z.length();
        double[][] y = new double[t][dOut];
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < dOut; i++) {
                double v = 0;
                for (int j = 0; j < dIn; j++) {
                    v += weights.get(i, j) * z.a().get(s, j);
                }
                y[s][i] = v;
            }
        }
        double[][] p = new double[t][dOut];
        for (int q = 0; q < t; q++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < dOut; i++) {
                double h = 0;
                for (int s = 0; s <= q; s++) {
                    h += z.w()[q][s] * y[s][i];
                }
                p[q][i] = h;
                max = Math.max(max, h);
            }
            double sum = 0;
            for (int i = 0; i < dOut; i++) {
                p[q][i] = Math.exp(p[q][i] - max);
                sum += p[q][i];
            }
            for (int i = 0; i < dOut; i++) {
                p[q][i] /= sum;
            }
        }
        return p;
    }

    /** Per-position losses −log p_t(label_t). */
    double[] tokenLosses(DMatrixRMaj weights, Sequence z, int[] labels) {
        double[][] p = probs(weights, z);
        double[] out = new double[z.length()];
        for (int t = 0; t < out.length; t++) {
            out[t] = -Math.log(p[t][labels[t]]);
        }
        return out;
    }

    /** Σ_t coef_t · (−log p_t(label_t)). */
    double objective(DMatrixRMaj weights, Sequence z, int[] labels, double[] coef) {
        double[] l = tokenLosses(weights, z, labels);
        double s = 0;
        for (int t = 0; t < l.length; t++) {
            s += coef[t] * l[t];
        }
        return s;
    }

    /** The taps of that objective: a = ã, g_s = Σ_{t≥s} w_ts coef_t (p_t − e_label_t). */
    BlockData taps(DMatrixRMaj weights, Sequence z, int[] labels, double[] coef) {
        double[][] p = probs(weights, z);
        int t = z.length();
        DMatrixRMaj g = new DMatrixRMaj(t, dOut);
        for (int q = 0; q < t; q++) {
            for (int i = 0; i < dOut; i++) {
                double r = coef[q] * (p[q][i] - (i == labels[q] ? 1 : 0));
                for (int s = 0; s <= q; s++) {
                    g.add(s, i, z.w()[q][s] * r);
                }
            }
        }
        return new BlockData(Block.QK, z.a().copy(), g);
    }

    static double[] ones(int t) {
        double[] c = new double[t];
        java.util.Arrays.fill(c, 1.0);
        return c;
    }

    /** Labels drawn from the model's own predictive distribution (true-Fisher pseudo-labels). */
    int[] sampleLabels(DMatrixRMaj weights, Sequence z, SplitMix64 rng) {
        double[][] p = probs(weights, z);
        int[] y = new int[z.length()];
        for (int t = 0; t < y.length; t++) {
            double u = rng.nextDouble();
            int i = 0;
            double c = p[t][0];
            while (u >= c && i < dOut - 1) {
                i++;
                c += p[t][i];
            }
            y[t] = i;
        }
        return y;
    }
}
