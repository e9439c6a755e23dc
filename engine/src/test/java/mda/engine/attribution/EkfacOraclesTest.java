package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mda.engine.util.SplitMix64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;

/** Spec §7 O1, O2 and the Kronecker / K-FAC sanity checks of the EK-FAC factor pipeline. */
class EkfacOraclesTest {
    private static final double[][] O1_V = {{0.5, -1, 0, 2}, {1, 0.25, -0.5, 0}, {0, 1, 1, -1}};
    private static final double[][] O1_EXPECTED = {
            {7.923077, -4.153846, 1.461538, 17.076923},
            {8.051282, -1.397436, -5.974359, 1.948718},
            {0.974359, 11.948718, 10.487179, -10.974359}};

    /** Full pipeline on one sequence: covariance → eigenbases → Λ → factors. */
    private static BlockFactors fit(BlockData[] samples, Damping damping) {
        CovarianceAccumulator cov = new CovarianceAccumulator(samples[0].block(), samples[0].dIn(), samples[0].dOut());
        for (BlockData s : samples) {
            cov.add(s);
        }
        LambdaAccumulator lam = new LambdaAccumulator(cov.block(), cov.inputBasis(), cov.outputBasis());
        for (BlockData s : samples) {
            lam.add(s);
        }
        return BlockFactors.of(cov.block(), lam.inputBasis(), lam.outputBasis(), lam.lambda(), damping);
    }

    private static BlockData o1Sample() {
        return TestMath.data(Block.QK, new double[][] {{1, 2, 0.5, -1}}, new double[][] {{0.3, -0.2, 0.1}});
    }

    @Test
    void o1IhvpMatchesShermanMorrisonForOneRankOneGradient() {
        BlockFactors f = fit(new BlockData[] {o1Sample()}, Damping.absolute(0.1));
        DMatrixRMaj v = new DMatrixRMaj(O1_V);
        DMatrixRMaj p = Ihvp.apply(f, v);

        DMatrixRMaj g = o1Sample().gradient();
        double gv = TestMath.inner(g, v);
        double gg = TestMath.inner(g, g);
        assertEquals(-0.95, gv, 1e-15);
        assertEquals(0.875, gg, 1e-15);
        DMatrixRMaj sm = v.copy();
        CommonOps_DDRM.addEquals(sm, -gv / (0.1 + gg), g);
        CommonOps_DDRM.divide(sm, 0.1);
        assertTrue(TestMath.maxAbsDiff(p, sm) <= 1e-10, "error " + TestMath.maxAbsDiff(p, sm));
        assertTrue(TestMath.maxAbsDiff(p, new DMatrixRMaj(O1_EXPECTED)) <= 5e-7);
    }

    @Test
    void o1IsIndependentOfTheNullSpaceEigenvectors() {
        BlockFactors f = fit(new BlockData[] {o1Sample()}, Damping.absolute(0.1));
        DMatrixRMaj reference = Ihvp.apply(f, new DMatrixRMaj(O1_V));
        SplitMix64 rng = new SplitMix64(11);
        for (int trial = 0; trial < 5; trial++) {
            EigenBasis in = rotateNullSpace(f.inputBasis(), rng);
            EigenBasis out = rotateNullSpace(f.outputBasis(), rng);
            assertTrue(TestMath.maxAbsDiff(in.vectors(), f.inputBasis().vectors()) > 0.1, "rotation is not trivial");
            LambdaAccumulator lam = new LambdaAccumulator(Block.QK, in, out);
            lam.add(o1Sample());
            BlockFactors rotated = BlockFactors.of(Block.QK, in, out, lam.lambda(), Damping.absolute(0.1));
            DMatrixRMaj p = Ihvp.apply(rotated, new DMatrixRMaj(O1_V));
            assertTrue(TestMath.maxAbsDiff(p, reference) <= 1e-10, "error " + TestMath.maxAbsDiff(p, reference));
        }
    }

    /** Replaces the eigenvectors after the first (eigenvalue ~0 for a rank-one factor) by a random rotation of them. */
    private static EigenBasis rotateNullSpace(EigenBasis b, SplitMix64 rng) {
        int n = b.size();
        assertTrue(Math.abs(b.values()[1]) < 1e-12 && b.values()[0] > 0.1, "rank-one factor expected");
        DMatrixRMaj r = CommonOps_DDRM.identity(n);
        CommonOps_DDRM.insert(TestMath.orthonormal(rng, n - 1), r, 1, 1);
        DMatrixRMaj q = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(b.vectors(), r, q);
        return new EigenBasis(q, b.values().clone());
    }

    @Test
    void o2IhvpIsExactForGradientsAlignedWithGivenBases() {
        SplitMix64 rng = new SplitMix64(2);
        int dOut = 3;
        int dIn = 4;
        EigenBasis qa = new EigenBasis(TestMath.orthonormal(rng, dIn), new double[dIn]);
        EigenBasis qs = new EigenBasis(TestMath.orthonormal(rng, dOut), new double[dOut]);
        LambdaAccumulator lam = new LambdaAccumulator(Block.V, qa, qs);
        DMatrixRMaj fisher = new DMatrixRMaj(dOut * dIn, dOut * dIn);
        int n = 200;
        for (int k = 0; k < n; k++) {
            DMatrixRMaj d = new DMatrixRMaj(dOut, dIn);
            d.set(rng.nextInt(dOut), rng.nextInt(dIn), rng.nextGaussian());
            DMatrixRMaj tmp = new DMatrixRMaj(dOut, dIn);
            CommonOps_DDRM.mult(qs.vectors(), d, tmp);
            DMatrixRMaj g = new DMatrixRMaj(dOut, dIn);
            CommonOps_DDRM.multTransB(tmp, qa.vectors(), g);
            lam.addGradient(g);
            TestMath.addOuter(fisher, g, 1.0 / n);
        }
        BlockFactors f = BlockFactors.of(Block.V, qa, qs, lam.lambda(), Damping.absolute(0.1));
        DMatrixRMaj v = TestMath.gaussian(rng, dOut, dIn);
        DMatrixRMaj expected = TestMath.dampedSolve(fisher, 0.1, v);
        assertTrue(TestMath.maxAbsDiff(Ihvp.apply(f, v), expected) <= 1e-9);
        assertTrue(TestMath.maxAbsDiff(TestMath.ekfacFisher(f), fisher) <= 1e-12);
    }

    /** Every pair of a fixed set of inputs and a fixed set of output gradients, one token each: F = A ⊗ S exactly. */
    private static BlockData[] kroneckerSamples(SplitMix64 rng, int dIn, int dOut) {
        DMatrixRMaj as = TestMath.gaussian(rng, 6, dIn);
        DMatrixRMaj gs = TestMath.gaussian(rng, 5, dOut);
        BlockData[] out = new BlockData[30];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 5; j++) {
                out[i * 5 + j] = new BlockData(Block.O, CommonOps_DDRM.extractRow(as, i, null),
                        CommonOps_DDRM.extractRow(gs, j, null));
            }
        }
        return out;
    }

    @Test
    void ekfacEqualsExactDampedFisherInverseWhenFisherIsKronecker() {
        SplitMix64 rng = new SplitMix64(3);
        BlockData[] samples = kroneckerSamples(rng, 4, 3);
        DMatrixRMaj fisher = new DMatrixRMaj(12, 12);
        for (BlockData s : samples) {
            TestMath.addOuter(fisher, s.gradient(), 1.0 / samples.length);
        }
        for (Damping damping : new Damping[] {Damping.absolute(0.05), Damping.defaults()}) {
            BlockFactors f = fit(samples, damping);
            DMatrixRMaj v = TestMath.gaussian(rng, 3, 4);
            DMatrixRMaj expected = TestMath.dampedSolve(fisher, f.damping(), v);
            double err = TestMath.relDiff(Ihvp.apply(f, v), expected);
            assertTrue(err <= 1e-10, damping + " relative error " + err);
            // Here the K-FAC eigenvalues coincide with the corrected ones (T = 1, independent a and g).
            DMatrixRMaj kfac = BlockFactors.kfacLambda(f.inputBasis(), f.outputBasis(), 1.0);
            assertTrue(TestMath.relDiff(kfac, f.lambda()) <= 1e-10);
        }
    }

    @Test
    void ekfacLambdaIsTheFrobeniusOptimalDiagonalAndBeatsKfacOnNonKroneckerData() {
        SplitMix64 rng = new SplitMix64(4);
        int dIn = 4;
        int dOut = 3;
        int t = 3;
        BlockData[] samples = new BlockData[40];
        DMatrixRMaj fisher = new DMatrixRMaj(dIn * dOut, dIn * dOut);
        double meanNormSq = 0;
        for (int n = 0; n < samples.length; n++) {
            DMatrixRMaj a = TestMath.gaussian(rng, t, dIn);
            DMatrixRMaj g = TestMath.gaussian(rng, t, dOut);
            // Make g depend on a so that the Fisher is far from Kronecker.
            for (int p = 0; p < t; p++) {
                g.set(p, 0, g.get(p, 0) * (1 + 2 * Math.abs(a.get(p, 1))));
            }
            samples[n] = new BlockData(Block.QK, a, g);
            TestMath.addOuter(fisher, samples[n].gradient(), 1.0 / samples.length);
            meanNormSq += NormOps_DDRM.normF(samples[n].gradient()) * NormOps_DDRM.normF(samples[n].gradient());
        }
        meanNormSq /= samples.length;
        BlockFactors ek = fit(samples, Damping.defaults());
        assertEquals(meanNormSq, CommonOps_DDRM.elementSum(ek.lambda()), 1e-12 * meanNormSq);

        // Λ_ij is the diagonal of F rotated into the basis (column-major Kronecker index j·dOut + i).
        DMatrixRMaj k = new DMatrixRMaj(dIn * dOut, dIn * dOut);
        CommonOps_DDRM.kron(ek.inputBasis().vectors(), ek.outputBasis().vectors(), k);
        DMatrixRMaj tmp = new DMatrixRMaj(k.numRows, k.numCols);
        CommonOps_DDRM.multTransA(k, fisher, tmp);
        DMatrixRMaj rotated = new DMatrixRMaj(k.numRows, k.numCols);
        CommonOps_DDRM.mult(tmp, k, rotated);
        for (int i = 0; i < dOut; i++) {
            for (int j = 0; j < dIn; j++) {
                assertEquals(rotated.get(j * dOut + i, j * dOut + i), ek.lambda().get(i, j), 1e-12);
            }
        }

        CovarianceAccumulator cov = new CovarianceAccumulator(Block.QK, dIn, dOut);
        for (BlockData s : samples) {
            cov.add(s);
        }
        assertEquals(t, cov.tokensPerSequence(), 0);
        DMatrixRMaj kfacLambda = BlockFactors.kfacLambda(ek.inputBasis(), ek.outputBasis(), cov.tokensPerSequence());
        BlockFactors kf = BlockFactors.of(Block.QK, ek.inputBasis(), ek.outputBasis(), kfacLambda, Damping.defaults());
        DMatrixRMaj errEk = TestMath.ekfacFisher(ek);
        CommonOps_DDRM.subtractEquals(errEk, fisher);
        DMatrixRMaj errKf = TestMath.ekfacFisher(kf);
        CommonOps_DDRM.subtractEquals(errKf, fisher);
        double e1 = NormOps_DDRM.normF(errEk);
        double e2 = NormOps_DDRM.normF(errKf);
        assertTrue(e1 < 0.9 * e2, "EK-FAC error " + e1 + " should be clearly below K-FAC error " + e2);
        // Both are positive semi-definite approximations of the same scale.
        double kfacTrace = CommonOps_DDRM.elementSum(kfacLambda);
        assertTrue(kfacTrace > 0.3 * meanNormSq && kfacTrace < 3 * meanNormSq, "K-FAC trace " + kfacTrace);
    }

    @Test
    void largeDampingTurnsIhvpIntoScaledGradient() {
        SplitMix64 rng = new SplitMix64(5);
        BlockData[] samples = {TestMath.randomData(rng, Block.V, 4, 5, 2), TestMath.randomData(rng, Block.V, 4, 5, 2)};
        BlockFactors f = fit(samples, Damping.absolute(1e9));
        DMatrixRMaj v = TestMath.gaussian(rng, 2, 5);
        DMatrixRMaj scaled = v.copy();
        CommonOps_DDRM.divide(scaled, 1e9);
        assertTrue(TestMath.relDiff(Ihvp.apply(f, v), scaled) < 1e-6);
    }

    @Test
    void blockWithZeroLambdaIsSkipped() {
        BlockData zero = TestMath.data(Block.V, new double[][] {{1, 2}}, new double[][] {{0, 0, 0}});
        BlockFactors f = fit(new BlockData[] {zero}, Damping.defaults());
        assertEquals(0, f.damping());
        assertTrue(!f.active());
        DMatrixRMaj p = Ihvp.apply(f, TestMath.gaussian(new SplitMix64(6), 3, 2));
        assertEquals(0, CommonOps_DDRM.elementMaxAbs(p));
    }
}
