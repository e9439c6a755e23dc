package mda.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Outliers against the median |score|, on hand-counted sets. */
class OutliersTest {
    @Test
    void countsAndMassAboveTenTimesTheMedian() {
        // |scores| 1 1 2 2 3 40 −50: median 2, cut 20; 40 and 50 are above, holding 90 of 99
        Outliers o = Outliers.of(new double[] {1, -1, 2, 2, 3, 40, -50}, Outliers.DEFAULT_FACTOR);
        assertEquals(2.0, o.medianAbs(), 0.0);
        assertEquals(2, o.count());
        assertEquals(90.0 / 99.0, o.massShare(), 1e-15);
        assertEquals(25.0, o.maxRatio(), 0.0);
    }

    @Test
    void anEvenCountTakesTheMiddlePairAndAZeroMedianIsInfinite() {
        Outliers even = Outliers.of(new double[] {1, 2, 3, 100}, 10);
        assertEquals(2.5, even.medianAbs(), 0.0);
        assertEquals(1, even.count());
        Outliers zero = Outliers.of(new double[] {0, 0, 0, 5}, 10);
        assertEquals(Double.POSITIVE_INFINITY, zero.maxRatio());
        assertEquals(1, zero.count());
        assertEquals(1.0, zero.massShare(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Outliers.of(new double[0], 10));
    }
}
