package mda.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobParamsTest {
    record TrainParams(String run, int steps, double lr, long seed) {
        TrainParams {
            if (steps <= 0) {
                throw new IllegalArgumentException("steps must be > 0, got " + steps);
            }
        }
    }

    @Test
    void recordRoundTripsThroughJson() {
        TrainParams p = new TrainParams("base<1>", 1200, 3e-3, 42);
        String json = JobParams.toJson(p);
        assertEquals("{\"run\":\"base<1>\",\"steps\":1200,\"lr\":0.003,\"seed\":42}", json);
        assertEquals(p, JobParams.fromJson(json, TrainParams.class));
    }

    @Test
    void invalidValuesAreRejectedByTheRecord() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> JobParams.fromJson("{\"run\":\"r\",\"steps\":0,\"lr\":0.1,\"seed\":1}", TrainParams.class));
        assertEquals("invalid TrainParams parameters: steps must be > 0, got 0", bad.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobParams.fromJson("{\"steps\":\"many\"}", TrainParams.class));
        assertTrue(e.getMessage().startsWith("cannot read TrainParams parameters"), e.getMessage());
    }

    @Test
    void changedFieldsAreNamedWithOldAndNewValues() {
        String a = JobParams.toJson(new TrainParams("r", 1000, 1e-3, 1));
        String b = JobParams.toJson(new TrainParams("r", 2000, 1e-3, 2));
        assertEquals(List.of("seed (1 -> 2)", "steps (1000 -> 2000)"), JobParams.changedFields(a, b));
        JobParams.requireUnchanged("train run r", a, a);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JobParams.requireUnchanged("train run r", a, b));
        assertEquals("cannot resume train run r: parameters changed: seed (1 -> 2), steps (1000 -> 2000)",
                e.getMessage());
    }
}
