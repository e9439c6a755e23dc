package mda.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationTest {
    @Test
    void spearmanWithTiesMatchesOracleO17() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {5, 6, 7, 8, 7};
        assertArrayEquals(new double[] {1, 2, 3.5, 5, 3.5}, Correlation.ranks(y), 1e-15);
        assertEquals(0.820783, Correlation.spearman(x, y), 5e-7);
        assertEquals(0.8207826816681233, Correlation.spearman(x, y), 1e-13);
    }

    @Test
    void tDistributionPValueMatchesScipyForLargerSamples() {
        double[] x = new double[60];
        double[] y = new double[60];
        for (int i = 0; i < 60; i++) {
            x[i] = i;
            y[i] = (i * 37) % 60 + 0.5 * (i % 3);
        }
        Correlation.Test t = Correlation.spearmanTest(x, y, 0, 1);
        assertFalse(t.permutation());
        // scipy.stats.spearmanr / pearsonr on the same data.
        assertEquals(0.07957088144394732, t.rho(), 1e-12);
        assertEquals(0.545612793322673, t.p(), 1e-9);
        assertEquals(0.08074369590705455, Correlation.pearson(x, y), 1e-12);
    }

    @Test
    void smallSamplesUseASeededPermutationTest() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] y = {2, 1, 4, 3, 6, 5, 8, 7};
        Correlation.Test t = Correlation.spearmanTest(x, y, 4000, 9);
        assertTrue(t.permutation());
        assertTrue(t.p() < 0.02, "p=" + t.p());
        assertEquals(t.p(), Correlation.spearmanTest(x, y, 4000, 9).p(), 0.0);
        double[] z = {3, 8, 1, 6, 2, 7, 4, 5};
        assertTrue(Correlation.spearmanTest(x, z, 4000, 9).p() > 0.3);
    }

    @Test
    void constantInputGivesNaNAndBadInputThrows() {
        assertTrue(Double.isNaN(Correlation.spearman(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
        assertThrows(IllegalArgumentException.class, () -> Correlation.pearson(new double[] {1, 2},
            new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Correlation.pearson(new double[] {1, Double.NaN},
            new double[] {1, 2}));
    }

    @Test
    void mannWhitneyMatchesScipyWithTies() {
        MannWhitney mw = MannWhitney.test(new double[] {3, 5, 5, 8, 9, 10}, new double[] {1, 2, 5, 4, 6});
        assertEquals(24, mw.u(), 1e-12);
        assertEquals(24.0 / 30, mw.auc(), 1e-12);
        assertEquals(0.11730556401208668, mw.p(), 1e-12);
        assertTrue(Double.isNaN(MannWhitney.test(new double[] {1, 1}, new double[] {1}).p()));
    }
}
