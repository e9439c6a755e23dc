package mda.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SpecialFunctionsTest {
    /** Reference values from scipy.special.erfc (float64). */
    @ParameterizedTest
    @CsvSource({
        "0.5, 0.4795001221869535", "1, 0.15729920705028516", "2.4, 0.0006885138966450789",
        "2.6, 0.000236034416529349", "3, 2.2090496998585445e-05", "5, 1.5374597944280347e-12",
        "10, 2.0884875837625446e-45", "-1, 1.8427007929497148", "0, 1"})
    void erfcMatchesReferenceToRelative1e13(double z, double expected) {
        assertEquals(expected, SpecialFunctions.erfc(z), 1e-13 * expected);
        assertEquals(Math.log(expected), SpecialFunctions.logErfc(z), 1e-12);
    }

    @Test
    void logErfcStaysFiniteWhereErfcUnderflowsAndMatchesAsymptoticForm() {
        assertEquals(0.0, SpecialFunctions.erfc(40));
        for (double z : new double[] {20.5, 25, 40, 1e3, 1e6}) {
            double v = SpecialFunctions.logErfc(z);
            assertTrue(Double.isFinite(v), "z=" + z);
            assertEquals(SpecialFunctions.logErfcAsymptotic(z), v, 1e-10 * Math.max(1, Math.abs(v)), "z=" + z);
        }
    }

    @Test
    void gammaBetaAndStudentTMatchScipy() {
        assertEquals(0.5723649429247, SpecialFunctions.logGamma(0.5), 1e-13);
        assertEquals(12.801827480081469, SpecialFunctions.logGamma(10), 1e-12);
        assertEquals(2.252712651734206, SpecialFunctions.logGamma(0.1), 1e-13);
        assertEquals(0.6875, SpecialFunctions.regularizedBeta(0.5, 2, 3), 1e-14);
        assertEquals(0.9999999932897103, SpecialFunctions.regularizedBeta(0.9, 0.5, 7.5), 1e-13);
        assertEquals(0.07338803477074037, SpecialFunctions.studentTTwoSided(2, 10), 1e-12);
        assertEquals(0.783763292039919, SpecialFunctions.studentTTwoSided(-0.3, 3), 1e-12);
        assertEquals(Math.log(252), SpecialFunctions.logChoose(10, 5), 1e-12);
    }

    @Test
    void rejectsArgumentsOutsideTheDomain() {
        assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.logGamma(0));
        assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.regularizedBeta(1.5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.logChoose(3, 4));
    }
}
