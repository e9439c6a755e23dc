package mda.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Warmup + cosine schedule of spec §1.5, values worked out by hand for lr_max = 1e-3, S = 1000 (w = 10). */
class LrScheduleTest {
    private final LrSchedule s = LrSchedule.pythia(1e-3, 1000);

    @ParameterizedTest
    @CsvSource({
        "0, 1e-4", // warmup (s+1)/w
        "4, 5e-4",
        "9, 1e-3", // last warmup step reaches lr_max
        "10, 1e-3", // cosine starts at lr_max
        "505, 5.5e-4", // midpoint of the cosine: (lr_max + lr_min) / 2
        "1000, 1e-4", // S: lr_min = 0.1 lr_max
        "5000, 1e-4"})
    void valuesByHand(int step, double expected) {
        assertEquals(expected, s.lr(step), 1e-15);
    }

    @Test
    void quarterOfTheCosineByHand() {
        // (s − w)/(S − w) = 1/4: lr_min + ½·9e-4·(1 + cos(π/4))
        double expected = 1e-4 + 0.5 * 9e-4 * (1 + Math.sqrt(0.5));
        assertEquals(expected, new LrSchedule(1e-3, 410, 10, 0.1).lr(110), 1e-15);
    }

    @Test
    void decaysMonotonicallyAfterWarmup() {
        for (int k = 11; k <= 1000; k++) {
            assertTrue(s.lr(k) < s.lr(k - 1), "step " + k);
        }
    }

    @ParameterizedTest
    @CsvSource({"143000, 1430", "100, 1", "101, 2", "1, 1", "4000, 40"})
    void defaultWarmupIsOnePercentRoundedUp(int steps, int warmup) {
        assertEquals(warmup, LrSchedule.defaultWarmup(steps));
    }

    @Test
    void noWarmupStartsAtPeakAndFullWarmupNeverDecays() {
        assertEquals(2e-3, new LrSchedule(2e-3, 100, 0, 0.1).lr(0), 1e-18);
        LrSchedule allWarm = new LrSchedule(2e-3, 4, 4, 0.5);
        assertEquals(2e-3, allWarm.lr(3), 1e-18);
        assertEquals(1e-3, allWarm.lr(4), 1e-18);
    }

    @Test
    void invalidArgumentsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0, 10, 1, 0.1)).getMessage()
                .contains("lrMax"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LrSchedule(1e-3, 10, 11, 0.1)).getMessage()
                .contains("warmupSteps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LrSchedule(1e-3, 10, 1, 1.5)).getMessage()
                .contains("minRatio"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.lr(-1)).getMessage().contains("step"));
    }
}
