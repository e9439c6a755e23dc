package mda.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateEstimatorTest {
    @Test
    void constantRateGivesExactRateAndEta() {
        RateEstimator r = new RateEstimator(10, 500);
        assertTrue(Double.isNaN(r.update(0, 0)), "one observation has no rate");
        assertTrue(Double.isNaN(r.etaSeconds(0, 1000)));
        for (int s = 1; s <= 3; s++) {
            assertEquals(100.0, r.update(100L * s, 1000L * s), 1e-12);
        }
        assertEquals(7.0, r.etaSeconds(300, 1000), 1e-12);
        assertEquals(0.0, r.etaSeconds(1200, 1000), 0.0);
        assertTrue(Double.isNaN(r.etaSeconds(300, 0)), "unknown total has no ETA");
    }

    @Test
    void newMeasurementsAreWeightedByElapsedTime() {
        RateEstimator stepwise = new RateEstimator(10, 500);
        RateEstimator once = new RateEstimator(10, 500);
        for (RateEstimator r : new RateEstimator[] {stepwise, once}) {
            r.update(0, 0);
            r.update(100, 1000); // 100 units/s
        }
        assertEquals(100 + (1 - Math.exp(-0.1)) * 100, stepwise.update(300, 2000), 1e-9);
        stepwise.update(500, 3000);
        once.update(500, 3000); // the same two seconds at 200 units/s, observed once
        double expected = 100 + (1 - Math.exp(-0.2)) * 100;
        assertEquals(expected, stepwise.rate(), 1e-9);
        assertEquals(expected, once.rate(), 1e-9);
        assertEquals(500 / expected, once.etaSeconds(500, 1000), 1e-9);
    }

    @Test
    void observationsCloserThanTheIntervalAreMerged() {
        RateEstimator r = new RateEstimator(10, 500);
        r.update(0, 0);
        assertTrue(Double.isNaN(r.update(1000, 100)), "100 ms is too short to measure");
        assertEquals(2000.0, r.update(1200, 600), 1e-9); // (1200 - 0) / 0.6 s, from the first observation
    }

    @Test
    void resumedJobDoesNotCountWorkDoneBeforeTheRestart() {
        RateEstimator r = new RateEstimator(10, 500);
        r.update(5000, 0);
        assertEquals(50.0, r.update(5100, 2000), 1e-12);
    }

    @Test
    void doneGoingBackwardsRestartsTheEstimate() {
        RateEstimator r = new RateEstimator(10, 500);
        r.update(0, 0);
        r.update(1000, 1000);
        assertTrue(Double.isNaN(r.update(0, 1500)), "a restart forgets the old rate");
        assertEquals(10.0, r.update(10, 2500), 1e-12);
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new RateEstimator(0, 500));
        assertThrows(IllegalArgumentException.class, () -> new RateEstimator(10, 0));
    }
}
