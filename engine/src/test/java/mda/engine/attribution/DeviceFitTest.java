package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.EnumMap;
import java.util.Map;
import mda.engine.model.NeoxModel;
import mda.engine.util.SplitMix64;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The fitting fast path against plain references: the device label sampler draws exactly the labels of a float64
 * inverse CDF on the host, and the factor sums formed on the device equal per-sample accumulation of host-copied taps
 * (within 1e-6: the host copies of the taps are float32 even for this float64 model).
 */
class DeviceFitTest {
    /** y = #{k : Σ_{i≤k} p_i ≤ u} in float64, clamped to the vocabulary. */
    private static int hostInverseCdf(double[] p, double u) {
        double c = 0;
        int y = 0;
        for (double x : p) {
            c += x;
            if (c <= u) {
                y++;
            }
        }
        return Math.min(y, p.length - 1);
    }

    @Test
    void samplerMatchesTheHostInverseCdfWithAndWithoutPadding() {
        for (int v : new int[] {64, 37, 17}) { // 37 and 17 have no divisor near √v: the last block is padded
            int b = 3;
            int t = 50;
            try (NDManager m = NDManager.newBaseManager()) {
                SplitMix64 g = new SplitMix64(v);
                double[] logits = new double[b * t * v];
                for (int i = 0; i < logits.length; i++) {
                    logits[i] = 3 * g.nextGaussian();
                }
                NDArray p = m.create(logits, new Shape(b, t, v)).softmax(-1);
                long[] got = LabelSampler.sample(p, new SplitMix64(99)).toLongArray();
                double[] probs = p.toDoubleArray();
                SplitMix64 u = new SplitMix64(99);
                int[] counts = new int[v];
                for (int r = 0; r < b * t; r++) {
                    double[] row = java.util.Arrays.copyOfRange(probs, r * v, (r + 1) * v);
                    int want = hostInverseCdf(row, u.nextDouble());
                    assertEquals(want, got[r], "row " + r + " of vocabulary " + v);
                    counts[want]++;
                }
                assertTrue(java.util.Arrays.stream(counts).filter(c -> c > 0).count() > 5, "labels vary");
            }
        }
    }

    @Test
    void deviceSumsEqualPerSampleHostAccumulation() throws Exception {
        checkAgainstHost(false);
    }

    /** One pass: Λ from the covariance pass's stored per-sequence gradients, so from the same (pass-0) labels. */
    @Test
    void storedGradientLambdaEqualsPerSampleHostAccumulation() throws Exception {
        checkAgainstHost(true);
    }

    private void checkAgainstHost(boolean onePass) throws Exception {
        HeadSlice slice = HeadSlice.of(ModelOraclesTest.CFG, 1, 1, HeadSlice.Mode.QKVO, true);
        int[][] data = ModelOraclesTest.windows(41, 10);
        long[] ids = new long[data.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        int batch = 4;
        try (NDManager root = NDManager.newBaseManager();
             NeoxModel model = NeoxModel.init(ModelOraclesTest.CFG, 13, root, DataType.FLOAT64)) {
            model.setRequiresGradient(false);
            HeadGradients grads = new HeadGradients(model, 1, true);
            EkfacFactors fast = EkfacFit.fit(grads, slice, k -> data[(int) k], ids, batch, 5L,
                    Damping.defaults(), null, null, EkfacFit.SHARD, onePass ? 1L << 30 : 0);

            // the reference: host-copied taps of the same label streams, one sample at a time
            Map<Block, CovarianceAccumulator> cov = new EnumMap<>(Block.class);
            for (Block b : slice.blocks()) {
                cov.put(b, CovarianceAccumulator.forSlice(slice, b));
            }
            SplitMix64 labels = EkfacFit.shardLabels(5L, 0, 0);
            for (int s = 0; s < data.length; s += batch) {
                LayerTaps taps = grads.sampledLabel(EkfacFit.windows(k -> data[(int) k], ids, s, batch), labels)
                        .taps();
                for (int n = 0; n < taps.batch(); n++) {
                    for (Block b : slice.blocks()) {
                        cov.get(b).add(TapExtractor.extract(slice, b, taps, n));
                    }
                }
            }
            Map<Block, LambdaAccumulator> lam = new EnumMap<>(Block.class);
            for (Block b : slice.blocks()) {
                lam.put(b, new LambdaAccumulator(b, cov.get(b).inputBasis(), cov.get(b).outputBasis()));
            }
            labels = EkfacFit.shardLabels(5L, onePass ? 0 : 1, 0);
            for (int s = 0; s < data.length; s += batch) {
                LayerTaps taps = grads.sampledLabel(EkfacFit.windows(k -> data[(int) k], ids, s, batch), labels)
                        .taps();
                for (int n = 0; n < taps.batch(); n++) {
                    for (Block b : slice.blocks()) {
                        lam.get(b).add(TapExtractor.extract(slice, b, taps, n));
                    }
                }
            }
            for (Block b : slice.blocks()) {
                BlockFactors f = fast.block(b);
                DMatrixRMaj want = lam.get(b).lambda();
                double scale = org.ejml.dense.row.CommonOps_DDRM.elementMaxAbs(want);
                assertTrue(scale > 0, "block " + b + " has a nonzero Λ");
                for (int i = 0; i < want.data.length; i++) {
                    assertEquals(want.data[i], f.lambda().data[i], 1e-6 * scale, b + " Λ entry " + i);
                }
                assertArrayEquals(lam.get(b).outputBasis().values(), f.outputBasis().values(),
                        1e-6 * Math.abs(f.outputBasis().values()[0]), b + " eigenvalues of S");
                assertArrayEquals(lam.get(b).inputBasis().values(), f.inputBasis().values(),
                        1e-6 * Math.abs(f.inputBasis().values()[0]), b + " eigenvalues of A");
            }
        }
    }
}
