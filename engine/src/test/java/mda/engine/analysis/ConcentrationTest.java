package mda.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConcentrationTest {
    static final double[] SCORES = {10, 5, 3, 2, 1, 1, 1, 1, 0.5, 0.5, 0, 0, -1, -1, -2, -0.5, 0.25, 0.25, 0.25, 0.25};

    @Test
    void summariesOfHandMadeVector() {
        Concentration c = Concentration.of(SCORES);
        assertEquals(20, c.n());
        assertEquals(14, c.nPositive());
        assertEquals(4, c.nNegative());
        assertEquals(26, c.positiveMass(), 1e-12);
        assertEquals(4.5, c.negativeMass(), 1e-12);
        assertEquals(26 / 4.5, c.netMassRatio(), 1e-12);
        // Top 1% and 5% of 20 samples is 1 sample; top 10% is 2.
        assertEquals(10.0 / 26, c.top1Share(), 1e-12);
        assertEquals(10.0 / 26, c.top5Share(), 1e-12);
        assertEquals(15.0 / 26, c.top10Share(), 1e-12);
        assertEquals(21.0 / 26, Concentration.topShare(SCORES, 0.25), 1e-12);
        assertEquals(0.6043956043956045, c.gini(), 1e-12); // numpy
    }

    @Test
    void lorenzCurveEndsAtOneAndIsConvex() {
        double[][] l = Concentration.lorenz(SCORES);
        assertEquals(15, l[0].length);
        assertEquals(0, l[1][0]);
        assertEquals(1, l[1][14], 1e-15);
        assertEquals(0.25 / 26, l[1][1], 1e-15);
        for (int i = 1; i < 15; i++) {
            assertTrue(l[1][i] <= l[0][i] + 1e-15, "below the diagonal");
        }
    }

    @Test
    void handlesAllNegativeAndRejectsBadInput() {
        Concentration c = Concentration.of(new double[] {-1, -2});
        assertTrue(Double.isNaN(c.top1Share()));
        assertEquals(0, c.netMassRatio());
        assertTrue(Double.isNaN(c.gini()));
        assertThrows(IllegalArgumentException.class, () -> Concentration.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Concentration.of(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Concentration.topShare(SCORES, 0));
    }

    @Test
    void scoreTailsSplitSignsAndGiveCcdf() {
        assertArrayEquals(new double[] {1, 1, 2, 0.5}, ScoreTails.negativeMagnitudes(SCORES));
        assertEquals(14, ScoreTails.positive(SCORES).length);
        ScoreTails.Ccdf ccdf = ScoreTails.ccdf(new double[] {2, 8, 4});
        assertArrayEquals(new double[] {8, 4, 2}, ccdf.x());
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 1}, ccdf.ccdf(), 1e-15);
    }
}
