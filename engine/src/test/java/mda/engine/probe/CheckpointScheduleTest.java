package mda.engine.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CheckpointScheduleTest {
    @Test
    void hundredStepsListedByHand() {
        // K = 2: every even step; log part adds 1, 3, 5, 7, 11, 13, 19, 23, 27, 45, 91 (round(2^(k/4))).
        long[] expected = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 16, 18, 19, 20, 22, 23, 24, 26, 27, 28, 30,
            32, 34, 36, 38, 40, 42, 44, 45, 46, 48, 50, 52, 54, 56, 58, 60, 62, 64, 66, 68, 70, 72, 74, 76, 78, 80, 82,
            84, 86, 88, 90, 91, 92, 94, 96, 98, 100};
        assertArrayEquals(expected, CheckpointSchedule.of(100));
    }

    @Test
    void smallRunsIncludeEveryStepAndTheEnd() {
        assertArrayEquals(new long[] {0, 1}, CheckpointSchedule.of(1));
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7}, CheckpointSchedule.of(7));
    }

    @Test
    void finalStepIsIncludedWhenNotAMultipleOfK() {
        long[] s = CheckpointSchedule.of(1234); // K = 24, 1234 is not a multiple
        assertEquals(1234, s[s.length - 1]);
        assertEquals(1224, s[s.length - 2]);
        for (int i = 1; i < s.length; i++) {
            assertEquals(true, s[i] > s[i - 1], "sorted and deduplicated at " + i);
        }
    }

    @Test
    void pythiaScheduleHas154Checkpoints() {
        long[] p = CheckpointSchedule.pythia();
        assertEquals(154, p.length);
        assertArrayEquals(new long[] {0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 2000},
                java.util.Arrays.copyOf(p, 13));
        assertEquals(143_000, p[153]);
    }

    @Test
    void rejectsNonPositiveTotal() {
        assertThrows(IllegalArgumentException.class, () -> CheckpointSchedule.of(0));
    }
}
