package mda.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Independent double-precision GPT-NeoX forward (algorithm doc §1.2) with plain loops: the test oracle. */
final class ReferenceNeox {
    private ReferenceNeox() {
    }

    /** What the reference saw inside one sample: per layer Z [T][d] and patterns [H][T][T]; final-LN input. */
    static final class Trace {
        final List<double[][]> z = new ArrayList<>();
        final List<double[][][]> patterns = new ArrayList<>();
        double[][] finalInput;
    }

    /** Logits [B][T][V] for ids [B][T]; parameters by HF name, row-major. */
    static double[][][] forward(ModelConfig c, Map<String, double[]> p, int[][] ids) {
        return forward(c, p, ids, new Trace[ids.length]);
    }

    /** As {@link #forward(ModelConfig, Map, int[][])}, filling one fresh trace per sample into {@code traces}. */
    static double[][][] forward(ModelConfig c, Map<String, double[]> p, int[][] ids, Trace[] traces) {
        double[][][] out = new double[ids.length][][];
        for (int b = 0; b < ids.length; b++) {
            traces[b] = new Trace();
            out[b] = sample(c, p, ids[b], traces[b]);
        }
        return out;
    }

    private static double[][] sample(ModelConfig c, Map<String, double[]> p, int[] ids, Trace trace) {
        int d = c.dModel();
        int t = ids.length;
        double[] emb = p.get(NeoxNames.EMBED_IN);
        double[][] x = new double[t][d];
        for (int i = 0; i < t; i++) {
            System.arraycopy(emb, ids[i] * d, x[i], 0, d);
        }
        for (int l = 0; l < c.layers(); l++) {
            double[][] a = ln(x, p.get(NeoxNames.ln1Weight(l)), p.get(NeoxNames.ln1Bias(l)), c.lnEps());
            double[][] qkv = lin(a, p.get(NeoxNames.qkvWeight(l)), p.get(NeoxNames.qkvBias(l)), 3 * d);
            double[][][] pattern = new double[c.heads()][t][t];
            double[][] z = attention(c, qkv, pattern, c.rotaryIn(l) ? c.rotaryDims() : 0);
            trace.z.add(z);
            trace.patterns.add(pattern);
            double[][] y = lin(z, p.get(NeoxNames.denseWeight(l)), p.get(NeoxNames.denseBias(l)), d);
            double[][] ym = new double[t][d];
            if (c.hasMlp()) {
                double[][] m = ln(x, p.get(NeoxNames.ln2Weight(l)), p.get(NeoxNames.ln2Bias(l)), c.lnEps());
                double[][] h = lin(m, p.get(NeoxNames.mlpInWeight(l)), p.get(NeoxNames.mlpInBias(l)), c.dFf());
                for (double[] row : h) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = 0.5 * row[j] * (1 + erf(row[j] / Math.sqrt(2)));
                    }
                }
                ym = lin(h, p.get(NeoxNames.mlpOutWeight(l)), p.get(NeoxNames.mlpOutBias(l)), d);
            }
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] += y[i][j] + ym[i][j];
                }
            }
        }
        trace.finalInput = x;
        double[][] xf = ln(x, p.get(NeoxNames.FINAL_LN_WEIGHT), p.get(NeoxNames.FINAL_LN_BIAS), c.lnEps());
        return lin(xf, p.get(NeoxNames.EMBED_OUT), null, c.vocab());
    }

    private static double[][] attention(ModelConfig c, double[][] qkv, double[][][] pattern, int r) {
        int t = qkv.length;
        int dh = c.headDim();
        double[][] z = new double[t][c.dModel()];
        for (int h = 0; h < c.heads(); h++) {
            double[][] q = new double[t][];
            double[][] k = new double[t][];
            for (int i = 0; i < t; i++) {
                q[i] = rope(slice(qkv[i], h * 3 * dh, dh), i, r, c.rotaryBase());
                k[i] = rope(slice(qkv[i], h * 3 * dh + dh, dh), i, r, c.rotaryBase());
            }
            for (int i = 0; i < t; i++) {
                double[] s = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < dh; e++) {
                        s[j] += q[i][e] * k[j][e];
                    }
                    s[j] /= Math.sqrt(dh);
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int j = 0; j <= i; j++) {
                    pattern[h][i][j] = s[j] / sum;
                    for (int e = 0; e < dh; e++) {
                        z[i][h * dh + e] += s[j] / sum * qkv[j][h * 3 * dh + 2 * dh + e];
                    }
                }
            }
        }
        return z;
    }

    /** Half-split rotary of the first r dims at position pos. */
    static double[] rope(double[] u, int pos, int r, double base) {
        double[] o = u.clone();
        int half = r / 2;
        for (int i = 0; i < half; i++) {
            double phi = pos * Math.pow(base, -2.0 * i / r);
            o[i] = u[i] * Math.cos(phi) - u[i + half] * Math.sin(phi);
            o[i + half] = u[i + half] * Math.cos(phi) + u[i] * Math.sin(phi);
        }
        return o;
    }

    private static double[] slice(double[] a, int from, int n) {
        double[] o = new double[n];
        System.arraycopy(a, from, o, 0, n);
        return o;
    }

    private static double[][] ln(double[][] x, double[] g, double[] b, double eps) {
        double[][] o = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            int d = x[i].length;
            double mean = 0;
            for (double v : x[i]) {
                mean += v / d;
            }
            double var = 0;
            for (double v : x[i]) {
                var += (v - mean) * (v - mean) / d;
            }
            o[i] = new double[d];
            for (int j = 0; j < d; j++) {
                o[i][j] = (x[i][j] - mean) / Math.sqrt(var + eps) * g[j] + b[j];
            }
        }
        return o;
    }

    /** y = W a + b for each row; W is [out, in] row-major. */
    private static double[][] lin(double[][] a, double[] w, double[] b, int out) {
        double[][] y = new double[a.length][out];
        for (int i = 0; i < a.length; i++) {
            int in = a[i].length;
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int j = 0; j < in; j++) {
                    s += w[o * in + j] * a[i][j];
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    /** erf to ~1e-15: Taylor series below 3, continued fraction for erfc above. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-18; n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc(x) = exp(-x²)/sqrt(pi) · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) evaluated bottom-up.
            double f = ax;
            for (int n = 60; n >= 1; n--) {
                f = ax + (n / 2.0) / f;
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return x < 0 ? -r : r;
    }
}
