package mda.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    Path tmp;
    Project p;
    long run;

    @BeforeEach
    void setUp() {
        p = Project.create(tmp.resolve("p"));
        run = p.runs().insert(RunRecord.draft("r", null, "{}", null, 1)).id();
    }

    @AfterEach
    void tearDown() {
        p.close();
    }

    /** A 2 × 3 head table whose value encodes step, layer and head, plus a run-level loss. */
    private static List<MetricValue> checkpoint(long step) {
        List<MetricValue> vs = new ArrayList<>();
        for (int l = 0; l < 2; l++) {
            for (int h = 0; h < 3; h++) {
                vs.add(MetricValue.head(l, h, "induction", step + l * 0.1 + h * 0.01));
            }
        }
        vs.add(new MetricValue(-1, -1, "loss", 10.0 / (step + 1), 9.0 / (step + 1), 11.0 / (step + 1)));
        return vs;
    }

    @Test
    void seriesRoundTripsInStepOrder() {
        for (long step : new long[] {100, 0, 50}) {
            p.metrics().record(run, step, checkpoint(step));
        }
        MetricSeries s = p.metrics().series(run, "induction", 1, 2);
        assertArrayEquals(new long[] {0, 50, 100}, s.steps());
        assertArrayEquals(new double[] {0.12, 50.12, 100.12}, s.values(), 1e-12);
        assertTrue(Double.isNaN(s.ciLo()[0]) && Double.isNaN(s.ciHi()[2]), "no CI was stored for heads");
        MetricSeries loss = p.metrics().series(run, "loss", -1, -1);
        assertArrayEquals(new double[] {10.0, 10.0 / 51, 10.0 / 101}, loss.values(), 1e-12);
        assertArrayEquals(new double[] {9.0, 9.0 / 51, 9.0 / 101}, loss.ciLo(), 1e-12);
        assertArrayEquals(new double[] {11.0, 11.0 / 51, 11.0 / 101}, loss.ciHi(), 1e-12);
        assertEquals(0, p.metrics().series(run, "copying", 0, 0).size());
    }

    @Test
    void atStepReturnsTheLayerByHeadTable() {
        p.metrics().record(run, 0, checkpoint(0));
        p.metrics().record(run, 200, checkpoint(200));
        double[][] t = p.metrics().atStep(run, 200, "induction");
        assertEquals(2, t.length);
        assertArrayEquals(new double[] {200.00, 200.01, 200.02}, t[0], 1e-12);
        assertArrayEquals(new double[] {200.10, 200.11, 200.12}, t[1], 1e-12);
        assertEquals(0, p.metrics().atStep(run, 300, "induction").length);
    }

    @Test
    void missingHeadsAreNaNInTheTable() {
        p.metrics().record(run, 5, List.of(MetricValue.head(1, 1, "prev", 0.5)));
        double[][] t = p.metrics().atStep(run, 5, "prev");
        assertEquals(2, t.length);
        assertTrue(Double.isNaN(t[0][0]) && Double.isNaN(t[0][1]) && Double.isNaN(t[1][0]));
        assertEquals(0.5, t[1][1]);
    }

    @Test
    void latestStepAndReRecordingAStepReplacesIt() {
        assertEquals(OptionalLong.empty(), p.metrics().latestStep(run));
        p.metrics().record(run, 10, checkpoint(10));
        p.metrics().record(run, 30, checkpoint(30));
        p.metrics().record(run, 30, List.of(MetricValue.head(0, 0, "induction", -1.0)));
        assertEquals(OptionalLong.of(30), p.metrics().latestStep(run));
        assertEquals(-1.0, p.metrics().atStep(run, 30, "induction")[0][0]);
        assertEquals(30.01, p.metrics().atStep(run, 30, "induction")[0][1], 1e-12);
        assertEquals(List.of("induction", "loss"), p.metrics().kinds(run));
    }

    @Test
    void aBadValueRollsBackTheWholeCheckpoint() {
        List<MetricValue> vs = new ArrayList<>(checkpoint(7));
        vs.add(MetricValue.head(0, 0, "copying", Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.metrics().record(run, 7, vs));
        assertTrue(e.getMessage().contains("metric copying of run " + run + " at step 7"), e.getMessage());
        assertEquals(OptionalLong.empty(), p.metrics().latestStep(run));
    }

    @Test
    void metricValueRejectsHalfRunLevelCoordinates() {
        assertThrows(IllegalArgumentException.class, () -> MetricValue.head(-1, 2, "x", 1));
    }
}
