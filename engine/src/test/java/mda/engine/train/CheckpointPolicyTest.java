package mda.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Checkpoint schedule C(S) of spec §1.7. */
class CheckpointPolicyTest {
    @Test
    void metricStepsForTwoHundredMatchHandListing() {
        int[] c = CheckpointPolicy.dense().metricSteps(200);
        // the log-spaced steps that are not multiples of K = 4 (listed with a Python one-liner) ...
        int[] offGrid = Arrays.stream(c).filter(s -> s % 4 != 0).toArray();
        assertArrayEquals(new int[] {1, 2, 3, 5, 6, 7, 10, 11, 13, 19, 23, 27, 38, 45, 54, 91, 181}, offGrid);
        // ... plus 0 and every multiple of 4 up to 200
        assertEquals(68, c.length);
        assertEquals(0, c[0]);
        assertEquals(200, c[c.length - 1]);
        for (int i = 1; i < c.length; i++) {
            assertTrue(c[i] > c[i - 1]);
        }
    }

    @Test
    void shortRunsMeasureEveryStep() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, CheckpointPolicy.dense().metricSteps(10));
    }

    @Test
    void weightsAreDenseUntilTheLimitThenEveryK() {
        CheckpointPolicy p = new CheckpointPolicy(0, 30, false);
        assertTrue(p.storesWeights(27, 200));
        assertFalse(p.storesWeights(38, 200));
        assertTrue(p.storesWeights(40, 200));
        assertFalse(p.storesWeights(41, 200));
        assertTrue(p.storesWeights(200, 200));
        assertTrue(CheckpointPolicy.dense().storesWeights(181, 200));
        assertEquals(7, new CheckpointPolicy(7, -1, true).linearInterval(200));
    }
}
