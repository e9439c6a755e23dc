package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mda.engine.analysis.PowerLawResult;
import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;

/** The two tails of a score distribution are fitted apart (spec §4.1), on Pareto draws of known exponents. */
class AnalysisTailsTest {
    /** 4,000 positive scores of exponent 2.5 above 1 and 3,000 negative ones of magnitude exponent 4 above 0.5. */
    private static double[] mixed(long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        double[] s = new double[7_000];
        for (int i = 0; i < s.length; i++) {
            double u = 1 - rng.nextDouble();
            s[i] = i % 7 < 4 ? Math.pow(u, -1 / 1.5) : -0.5 * Math.pow(u, -1 / 3.0);
        }
        return s;
    }

    @Test
    void eachTailRecoversItsOwnExponent() {
        for (long seed = 1; seed <= 2; seed++) {
            double[] s = mixed(seed);
            PowerLawResult pos = AttributionAnalysis.tail(s, 1, 0, seed);
            PowerLawResult neg = AttributionAnalysis.tail(s, -1, 0, seed);
            assertEquals(4_000, pos.n());
            assertEquals(3_000, neg.n());
            assertTrue(Math.abs(pos.alpha() - 2.5) < 0.12, "positive α " + pos.alpha() + " seed " + seed);
            assertTrue(Math.abs(neg.alpha() - 4.0) < 0.25, "negative α " + neg.alpha() + " seed " + seed);
            assertTrue(neg.xmin() >= 0.5 && neg.xmin() < 0.8, "the magnitudes' xmin: " + neg.xmin());
        }
    }

    @Test
    void aTailWithTooFewScoresIsNotFitted() {
        double[] s = mixed(3);
        for (int i = 0; i < s.length; i++) {
            s[i] = i < AttributionAnalysis.MIN_POSITIVE - 1 ? -1.0 - i : Math.abs(s[i]);
        }
        assertNull(AttributionAnalysis.tail(s, -1, 0, 3), "9 negative scores");
        assertEquals(s.length - 9, AttributionAnalysis.tail(s, 1, 0, 3).n());
    }
}
