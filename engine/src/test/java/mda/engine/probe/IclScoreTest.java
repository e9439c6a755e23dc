package mda.engine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IclScoreTest {
    private static double[] line(int t, double start, double slope) {
        double[] row = new double[t];
        for (int i = 0; i < t; i++) {
            row[i] = start + slope * i;
        }
        return row;
    }

    @Test
    void windowIndicesFollowTheShortContextRule() {
        assertEquals(50, IclScore.earlyIndex(2048));
        assertEquals(500, IclScore.lateIndex(2048));
        assertEquals(10, IclScore.earlyIndex(100));
        assertEquals(90, IclScore.lateIndex(100));
        assertEquals(1, IclScore.earlyIndex(10));
        assertEquals(9, IclScore.lateIndex(10));
    }

    @Test
    void fallingLossGivesNegativeIclAndPositiveGain() {
        // T = 100: early window 8..12 has mean loss 10 − 0.05·10 = 9.5, late window 88..92 has 10 − 0.05·90 = 5.5.
        IclScore.Result r = IclScore.compute(new double[][] {line(100, 10, -0.05), line(100, 4, 0)});
        assertEquals(-4.0, r.icl()[0], 1e-12);
        assertEquals(0.0, r.icl()[1], 1e-12);
        assertEquals(4.0, r.gain()[0], 1e-12);
        assertEquals(-2.0, r.meanIcl(), 1e-12);
        assertEquals(2.0, r.meanGain(), 1e-12);
        assertEquals((10 + 4) / 2.0, r.lossCurve()[0], 1e-12);
        assertEquals((10 - 0.05 * 99 + 4) / 2.0, r.lossCurve()[99], 1e-12);
    }

    @Test
    void longContextUsesTokens50And500() {
        // Loss is 1 everywhere except 3 on the early window 48..52 and 0 on the late window 498..502.
        double[] row = line(2048, 1, 0);
        for (int i = 48; i <= 52; i++) {
            row[i] = 3;
        }
        for (int i = 498; i <= 502; i++) {
            row[i] = 0;
        }
        assertEquals(-3.0, IclScore.compute(new double[][] {row}).icl()[0], 1e-12);
    }

    @Test
    void windowsAreClippedAtTheEnds() {
        // T = 10: e = 1 → window 0..3 (mean 1.5); ℓ = 9 → window 7..9 (mean 8) with loss(t) = t.
        IclScore.Result r = IclScore.compute(new double[][] {line(10, 0, 1)});
        assertEquals(6.5, r.icl()[0], 1e-12);
        assertEquals(1, r.early());
        assertEquals(9, r.late());
    }

    @Test
    void rejectsRaggedInput() {
        assertThrows(IllegalArgumentException.class, () -> IclScore.compute(new double[][] {new double[10],
            new double[9]}));
        assertThrows(IllegalArgumentException.class, () -> IclScore.compute(new double[0][]));
    }
}
