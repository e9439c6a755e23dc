package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import mda.engine.util.SplitMix64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;

/** Scoring identities: tap gradient, sign, finite differences (O4/O6/O8, model-free), token sums, multi-probe. */
class InfluenceScorerTest {
    private static final HeadSlice SLICE = new HeadSlice(0, 0, HeadSlice.Mode.QK, true, 6, 2); // QK: 6 × 7
    private static final ToyModel TOY = new ToyModel(6, 7);

    /** A fitted toy setup: weights, factors (true Fisher, fresh labels for Λ), probe sequence and P. */
    private static final class Setup {
        final SplitMix64 rng = new SplitMix64(21);
        final DMatrixRMaj weights = TestMath.gaussian(rng, 6, 7);
        final ToyModel.Sequence probe = TOY.randomSequence(rng, 8);
        final double[] probeCoef = new double[8];
        final BlockFactors factors;
        final DMatrixRMaj p;

        Setup() {
            CommonOps_DDRM.scale(0.5, weights);
            List<ToyModel.Sequence> fitting = new ArrayList<>();
            for (int n = 0; n < 16; n++) {
                fitting.add(TOY.randomSequence(rng, 6));
            }
            CovarianceAccumulator cov = CovarianceAccumulator.forSlice(SLICE, Block.QK);
            SplitMix64 labels = SplitMix64.stream(5, SplitMix64.Stream.FISHER_LABELS);
            for (ToyModel.Sequence z : fitting) {
                cov.add(TOY.taps(weights, z, TOY.sampleLabels(weights, z, labels), ToyModel.ones(6)));
            }
            LambdaAccumulator lam = new LambdaAccumulator(Block.QK, cov.inputBasis(), cov.outputBasis());
            for (ToyModel.Sequence z : fitting) {
                lam.add(TOY.taps(weights, z, TOY.sampleLabels(weights, z, labels), ToyModel.ones(6)));
            }
            factors = BlockFactors.of(Block.QK, lam.inputBasis(), lam.outputBasis(), lam.lambda(), Damping.defaults());
            // f = mean over the last 4 positions of log p(target): objective coefficients −1/4.
            for (int t = 4; t < 8; t++) {
                probeCoef[t] = -0.25;
            }
            ProbeGradient v = new ProbeGradient(SLICE);
            v.add(TOY.taps(weights, probe, probe.targets(), probeCoef));
            p = Ihvp.apply(factors, v.gradient(1.0).get(Block.QK));
        }

        /** f(W) = mean_{t≥4} log p(target_t): the objective with coefficients −1/4 is f itself. */
        double probeValue(DMatrixRMaj w) {
            return TOY.objective(w, probe, probe.targets(), probeCoef);
        }

        InfluenceScorer scorer() {
            return InfluenceScorer.single(SLICE, Map.of(Block.QK, p));
        }
    }

    private static DMatrixRMaj plus(DMatrixRMaj w, double eps, DMatrixRMaj dir) {
        DMatrixRMaj out = w.copy();
        CommonOps_DDRM.addEquals(out, eps, dir);
        return out;
    }

    @Test
    void tapGradientEqualsFiniteDifferenceGradientOfTheLoss() {
        Setup s = new Setup();
        ToyModel.Sequence z = TOY.randomSequence(s.rng, 5);
        DMatrixRMaj g = TOY.taps(s.weights, z, z.targets(), ToyModel.ones(5)).gradient();
        double h = 1e-5;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 7; j++) {
                DMatrixRMaj e = new DMatrixRMaj(6, 7);
                e.set(i, j, 1);
                double fd = (TOY.objective(plus(s.weights, h, e), z, z.targets(), ToyModel.ones(5))
                        - TOY.objective(plus(s.weights, -h, e), z, z.targets(), ToyModel.ones(5))) / (2 * h);
                assertEquals(fd, g.get(i, j), 1e-8 * Math.max(1, Math.abs(fd)));
            }
        }
    }

    @Test
    void o8ScoreEqualsFiniteDifferenceAlongPAndBothDecompositionsSumToIt() {
        Setup s = new Setup();
        InfluenceScorer scorer = s.scorer();
        double eps = 1e-4 * NormOps_DDRM.normF(s.weights) / NormOps_DDRM.normF(s.p);
        for (int n = 0; n < 5; n++) {
            ToyModel.Sequence z = TOY.randomSequence(s.rng, 7);
            BlockData taps = TOY.taps(s.weights, z, z.targets(), ToyModel.ones(7));
            TokenScores ts = scorer.score(List.of(taps), 7);
            double score = ts.score(0);
            assertEquals(-TestMath.inner(taps.gradient(), s.p), score, 1e-12 * Math.abs(score));
            double sumC = 0;
            for (double c : ts.contributions()[0]) {
                sumC += c;
            }
            assertEquals(score, sumC, 1e-12 * Math.abs(score));

            double[] lp = TOY.tokenLosses(plus(s.weights, eps, s.p), z, z.targets());
            double[] lm = TOY.tokenLosses(plus(s.weights, -eps, s.p), z, z.targets());
            double fd = 0;
            for (int t = 0; t < 7; t++) {
                fd += -(lp[t] - lm[t]) / (2 * eps); // target decomposition c'_t, summed
            }
            assertEquals(score, fd, 1e-5 * Math.abs(score), "sample " + n);
        }
    }

    @Test
    void scoreSignMatchesAPreconditionedDescentStepOnTheSample() {
        Setup s = new Setup();
        InfluenceScorer scorer = s.scorer();
        int positives = 0;
        for (int n = 0; n < 6; n++) {
            ToyModel.Sequence z = TOY.randomSequence(s.rng, 6);
            BlockData taps = TOY.taps(s.weights, z, z.targets(), ToyModel.ones(6));
            double score = scorer.score(List.of(taps), 6).score(0);
            DMatrixRMaj step = Ihvp.apply(s.factors, taps.gradient());
            double eta = 1e-5 * NormOps_DDRM.normF(s.weights) / NormOps_DDRM.normF(step);
            // θ ← θ − η (F̂+λ)⁻¹ ∇L(z) changes the goodness f by +η·I(z) (spec §0.3); central difference in η.
            double df = (s.probeValue(plus(s.weights, -eta, step)) - s.probeValue(plus(s.weights, eta, step)))
                    / (2 * eta);
            assertEquals(score, df, 1e-6 * Math.abs(score) + 1e-12, "sample " + n);
            positives += score > 0 ? 1 : 0;
        }
        assertTrue(positives > 0 && positives < 6, "random samples should have both signs, positives=" + positives);
    }

    @Test
    void selfInfluenceOfTheProbeSequenceIsPositive() {
        Setup s = new Setup();
        // Probe f = −(1/T) L(z) on z itself: I(z) = (1/T) ∇Lᵀ (F̂+λ)⁻¹ ∇L > 0.
        ToyModel.Sequence z = s.probe;
        double[] coef = new double[8];
        java.util.Arrays.fill(coef, -1.0 / 8);
        ProbeGradient v = new ProbeGradient(SLICE);
        v.add(TOY.taps(s.weights, z, z.targets(), coef));
        DMatrixRMaj p = Ihvp.apply(s.factors, v.gradient(1.0).get(Block.QK));
        BlockData train = TOY.taps(s.weights, z, z.targets(), ToyModel.ones(8));
        double self = InfluenceScorer.single(SLICE, Map.of(Block.QK, p)).score(List.of(train), 8).score(0);
        assertTrue(self > 0, "self-influence " + self);
    }

    @Test
    void multiProbePassEqualsSeparatePassesAndTheMaterializedInnerProduct() {
        SplitMix64 rng = new SplitMix64(31);
        HeadSlice slice = new HeadSlice(0, 1, HeadSlice.Mode.QKVO, true, 8, 2);
        int b = 3;
        int t = 5;
        LayerTaps taps = new LayerTaps(b, t, 8, floats(rng, b * t * 8), floats(rng, b * t * 24),
                floats(rng, b * t * 8), floats(rng, b * t * 8));
        List<Map<Block, DMatrixRMaj>> probes = new ArrayList<>();
        for (int q = 0; q < 3; q++) {
            Map<Block, DMatrixRMaj> p = new EnumMap<>(Block.class);
            for (Block blk : slice.blocks()) {
                p.put(blk, TestMath.gaussian(rng, slice.dOut(blk), slice.dIn(blk)));
            }
            probes.add(p);
        }
        TokenScores[] all = new InfluenceScorer(slice, probes).scoreBatch(taps);
        for (int q = 0; q < 3; q++) {
            InfluenceScorer single = InfluenceScorer.single(slice, probes.get(q));
            for (int n = 0; n < b; n++) {
                TokenScores one = single.score(taps, n);
                double expected = 0;
                for (Block blk : slice.blocks()) {
                    expected -= TestMath.inner(TapExtractor.extract(slice, blk, taps, n).gradient(),
                            probes.get(q).get(blk));
                }
                double tol = 1e-12 * Math.abs(expected);
                assertEquals(expected, all[n].score(q), tol);
                assertEquals(one.score(0), all[n].score(q), tol);
                for (int p = 0; p < t; p++) {
                    assertEquals(one.contributions()[0][p], all[n].contributions()[q][p], 1e-12);
                }
            }
        }
    }

    private static float[] floats(SplitMix64 rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }
}
