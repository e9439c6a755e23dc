package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import mda.engine.attribution.AttributionData;
import mda.engine.store.AttributionRecord;
import mda.engine.store.Project;
import org.junit.jupiter.api.Test;

/** The GUI latency bench on a small project: it builds once, reuses, clicks real rows and prints every figure. */
class GuiLatencyBenchTest {
    @Test
    void benchBuildsAScoredProjectAndPrintsTheFigures() throws Exception {
        Path dir = Files.createTempDirectory("mda-gui-bench-test").resolve("proj");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        GuiLatencyBench.Result r = GuiLatencyBench.run(dir, 3000, 8, 7, new PrintStream(buf, true,
                StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("with 3,000 scored samples (built in"), out);
        assertTrue(out.contains("load attribution into Samples:"), out);
        assertTrue(out.contains("over 8 clicks   (target < 100 ms)"), out);
        assertEquals(8, r.clicks());
        assertTrue(r.openMs() > 0 && r.loadMs() > 0 && r.clickMedianMs() > 0 && r.clickP95Ms() >= r.clickMedianMs());

        try (Project p = Project.open(dir)) {
            AttributionRecord rec = p.attributions().forRun(p.runs().byName("bench").orElseThrow().id()).get(0);
            AttributionData d = AttributionData.open(p, rec.id());
            assertEquals(3000, d.scores().size());
            assertEquals(GuiLatencyBench.syntheticScores(3000, 7).scores()[123], d.scores().scores()[123]);
            assertEquals(17, d.tokens(2999).length, "the last scored sample exists in the corpus");
        }
        assertFalse(GuiLatencyBench.prepare(dir, 3000, 7), "a second run reuses the project");
        assertTrue(GuiLatencyBench.prepare(dir, 4000, 7), "another size rebuilds it");
    }
}
