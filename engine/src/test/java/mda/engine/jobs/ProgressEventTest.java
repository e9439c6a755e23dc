package mda.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mda.engine.store.JobState;
import org.junit.jupiter.api.Test;

class ProgressEventTest {
    @Test
    void jsonRoundTripKeepsEveryField() {
        ProgressEvent e = new ProgressEvent(17, "score", 1234, 2740, 12.345678901, 122.0,
                "batch \"12\"\nnext line", 1_700_000_000_123L, JobState.RUNNING);
        String json = e.toJson();
        assertFalse(json.contains("\n"), "one line: " + json);
        assertTrue(json.startsWith("{\"type\":\"progress\""), json);
        assertEquals(e, ProgressEvent.fromJson(json));
    }

    @Test
    void unknownRateEtaAndMessageRoundTripAsNull() {
        ProgressEvent e = new ProgressEvent(0, "fit", 0, 0, Double.NaN, Double.NaN, null, 5, JobState.CANCELLED);
        String json = e.toJson();
        assertTrue(json.contains("\"rate\":null") && json.contains("\"eta\":null"), json);
        ProgressEvent back = ProgressEvent.fromJson(json);
        assertTrue(Double.isNaN(back.ratePerSec()) && Double.isNaN(back.etaSeconds()));
        assertEquals(null, back.message());
        assertEquals(JobState.CANCELLED, back.state());
        assertTrue(Double.isNaN(back.fraction()));
    }

    @Test
    void fractionIsClampedToOne() {
        assertEquals(0.5, new ProgressEvent(1, "p", 5, 10, 1, 1, null, 0, JobState.RUNNING).fraction());
        assertEquals(1.0, new ProgressEvent(1, "p", 15, 10, 1, 1, null, 0, JobState.RUNNING).fraction());
    }

    @Test
    void otherLinesAreRejectedWithTheLineInTheMessage() {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> ProgressEvent.fromJson("{\"type\":\"log\",\"line\":\"hi\"}"));
        assertTrue(a.getMessage().contains("type is not \"progress\"") && a.getMessage().contains("hi"), a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> ProgressEvent.fromJson("{\"type\":\"progress\",\"jobId\":1}"));
        assertTrue(b.getMessage().startsWith("malformed progress event"), b.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProgressEvent.fromJson("not json {"));
    }
}
