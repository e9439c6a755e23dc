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
        assertTrue(out.contains("with 3,000 scored samples of 16 tokens (built in"), out);
        assertTrue(out.contains("load attribution into Samples:"), out);
        assertTrue(out.contains("over the next 8 clicks   (target < 100 ms)"), out);
        assertTrue(out.contains("first click -> inspector (cold):"), out);
        assertEquals(8, r.clicks());
        assertTrue(r.openMs() > 0 && r.loadMs() > 0 && r.firstClickMs() > 0 && r.clickMedianMs() > 0
                && r.clickP95Ms() >= r.clickMedianMs());

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

    @Test
    void theBenchCommandRunsItAndRefusesBadSizesInOneLine() throws Exception {
        Path dir = Files.createTempDirectory("mda-gui-bench-cli").resolve("proj");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int ok;
        int bad;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            ok = mda.app.cli.Main.execute("bench", "--gui-latency", "--gui-samples", "400", "--gui-clicks", "3",
                    "--gui-project", dir.toString());
            bad = mda.app.cli.Main.execute("bench", "--gui-latency", "--gui-samples", "10", "--gui-project",
                    dir.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String printed = o.toString(StandardCharsets.UTF_8);
        assertEquals(0, ok, e.toString(StandardCharsets.UTF_8));
        assertTrue(printed.matches("(?s).*open project: +[0-9.]+ ms.*load attribution into Samples: +[0-9.]+ ms"
                + " +\\(target < 1000 ms\\).*click -> inspector laid out: +median [0-9.]+ ms, p95 [0-9.]+ ms over "
                + "the next 3 clicks +\\(target < 100 ms\\).*"), printed);
        assertTrue(bad != 0);
        assertTrue(e.toString(StandardCharsets.UTF_8).strip().endsWith("--gui-samples must be at least 200, got 10"),
                e.toString(StandardCharsets.UTF_8));
    }
}
