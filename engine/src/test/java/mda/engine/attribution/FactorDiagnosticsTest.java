package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The factor diagnostics of §3.12 on hand-built blocks whose every number is known. */
class FactorDiagnosticsTest {
    private static EigenBasis basis(double... values) {
        return new EigenBasis(CommonOps_DDRM.identity(values.length), values);
    }

    @Test
    void everyNumberOfAHandBuiltBlock() {
        // A: eigenvalues 4, 2, 2 → ‖A‖_F²/‖A‖_2² = (16 + 4 + 4) / 16; S: 1, 1 → 2
        DMatrixRMaj lambda = new DMatrixRMaj(new double[][] {{0, 1, 2}, {3, 4, 50}});
        BlockFactors f = new BlockFactors(Block.V, basis(4, 2, 2), basis(1, 1), lambda, 0.5);
        FactorDiagnostics d = FactorDiagnostics.of(f);
        assertEquals(3, d.dIn());
        assertEquals(2, d.dOut());
        assertTrue(d.active());
        assertEquals(1.5, d.stableRankA(), 1e-12);
        assertEquals(2.0, d.stableRankS(), 1e-12);
        assertEquals(0, d.negativeA());
        assertEquals(0.0, d.lambdaMin());
        assertEquals(2.5, d.lambdaMedian(), 1e-12, "(2 + 3) / 2");
        assertEquals(10.0, d.lambdaMean(), 1e-12);
        assertEquals(50.0, d.lambdaMax());
        assertEquals(1.0 / 6, d.belowDamping(), 1e-12, "only the 0 lies below λ = 0.5");
        assertEquals(50.5 / 0.5, d.dampedCondition(), 1e-9);
        assertEquals(1, d.zeros());
        assertEquals(0, d.firstDecade());
        assertArrayEquals(new int[] {4, 1}, d.decades(), "1, 2, 3, 4 in [1, 10); 50 in [10, 100)");
        assertEquals("V: stable rank A 1.50, S 2.00; 16.7% of Λ below λ = 0.500; condition 101", d.summary());
    }

    @Test
    void negativeEigenvaluesBeyondRoundOffAreCounted() {
        DMatrixRMaj lambda = new DMatrixRMaj(new double[][] {{1e-3, 2e-3, 0.5}});
        BlockFactors f = new BlockFactors(Block.O, basis(4, -1e-12, -0.1), basis(2), lambda, 0.01);
        FactorDiagnostics d = FactorDiagnostics.of(f);
        assertEquals(1, d.negativeA(), "−1e-12 of 4 is round-off; −0.1 is not");
        assertEquals(0, d.negativeS());
        assertEquals(-3, d.firstDecade());
        assertArrayEquals(new int[] {2, 0, 1}, d.decades());
        assertEquals(2.0 / 3, d.belowDamping(), 1e-12);
    }

    @Test
    void aSkippedBlockHasNoConditionNumberAndNoDecades() {
        BlockFactors f = new BlockFactors(Block.QK, basis(1, 1), basis(1), new DMatrixRMaj(1, 2), 0);
        FactorDiagnostics d = FactorDiagnostics.of(f);
        assertFalse(d.active());
        assertTrue(Double.isNaN(d.dampedCondition()));
        assertEquals(2, d.zeros());
        assertEquals(0, d.decades().length);
        assertEquals("QK: skipped (Λ is all zero)", d.summary());
        String json = FactorDiagnostics.toJson(7, java.util.List.of(d));
        assertTrue(json.contains("\"attribution\": 7") && json.contains("\"dampedCondition\": NaN"), json);
    }
}
