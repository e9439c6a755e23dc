package mda.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;

class LikelihoodRatioTest {
    @Test
    void lognormalDataGivesNegativeRatioForSeveralSeeds() {
        for (long seed = 1; seed <= 5; seed++) {
            SplitMix64 rng = new SplitMix64(100 + seed);
            double[] x = new double[20_000];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.exp(rng.nextGaussian());
            }
            PowerLawFit.Fit fit = PowerLawFit.fit(x);
            LikelihoodRatio.Test t = LikelihoodRatio.vsLognormal(x, fit);
            assertTrue(t.r() < 0, "R=" + t.r() + " seed " + seed);
            assertTrue(t.p() >= 0 && t.p() <= 1);
        }
    }

    @Test
    void lognormalFitOnParetoDataStaysFiniteAndDoesNotFavourTheLognormal() {
        double[] x = PowerLawFitTest.pareto(10_000, 3, 1, 7);
        PowerLawFit.Fit fit = PowerLawFit.fixedXmin(x, 1);
        // The lognormal fit runs off towards mu -> -inf, sigma -> inf, where a naive ln erfc would give -inf/NaN.
        for (PowerLawFit.Fit f : new PowerLawFit.Fit[] {fit, PowerLawFit.fit(x)}) {
            LikelihoodRatio.Test t = LikelihoodRatio.vsLognormal(x, f);
            assertTrue(Double.isFinite(t.r()) && Double.isFinite(t.p()), t.toString());
            assertTrue(t.p() > 0.5 && Math.abs(t.normalizedR()) < 1, t.toString());
        }
        // Against the exponential the power law wins clearly.
        LikelihoodRatio.Test e = LikelihoodRatio.vsExponential(x, fit);
        assertTrue(e.favoursPowerLaw(0.01), e.toString());
    }

    @Test
    void exponentialDataFavoursTheExponential() {
        SplitMix64 rng = new SplitMix64(3);
        double[] x = new double[5000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 - Math.log(1 - rng.nextDouble());
        }
        LikelihoodRatio.Test e = LikelihoodRatio.vsExponential(x, PowerLawFit.fixedXmin(x, 1));
        assertTrue(e.r() < 0 && e.p() < 1e-6, e.toString());
    }

    @Test
    void vuongStatisticMatchesHandComputation() {
        // ℓ = {1, 2, 3}: R = 6, population sd = sqrt(2/3), normalized = 6/(sqrt(2/3)·sqrt 3) = 6/sqrt 2.
        LikelihoodRatio.Test t = LikelihoodRatio.vuong("x", new double[] {1, 2, 3});
        assertEquals(6, t.r(), 1e-15);
        assertEquals(6 / Math.sqrt(2), t.normalizedR(), 1e-12);
        assertEquals(SpecialFunctions.erfc(3), t.p(), 1e-15);
    }

    @Test
    void truncatedLognormalDensityIntegratesToOne() {
        LikelihoodRatio.Lognormal ln = new LikelihoodRatio.Lognormal(0.3, 0.8, 1.5);
        // Integrate over u = ln x from ln xmin with the trapezoid rule: ∫ p(x) x du.
        double sum = 0;
        double h = 1e-3;
        for (double u = Math.log(1.5); u < 12; u += h) {
            double w = (u == Math.log(1.5)) ? 0.5 : 1;
            sum += w * Math.exp(ln.logDensity(Math.exp(u)) + u) * h;
        }
        assertEquals(1, sum, 1e-3);
    }
}
