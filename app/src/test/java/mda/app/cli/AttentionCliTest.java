package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mda.app.ui.FigureFiles;
import mda.app.ui.TinyGuiProject;
import mda.app.ui.attention.AttentionMap;
import mda.app.ui.attention.AttentionQuery;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.TrainRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mda attention}: the scores of one head on one input and its heatmap; bad options refused in one line. */
class AttentionCliTest {
    @TempDir
    Path tmp;

    @Test
    void printsTheHeadsScoresOnTheInputAndWritesTheHeatmap() throws Exception {
        Path dir = tmp.resolve("proj");
        TinyGuiProject.create(dir);
        String p = dir.toString();
        Path png = tmp.resolve("figs").resolve("l1h0.png");
        CliRun r = CliRun.of("attention", "-p", p, "--threads", "1", "--device", "cpu", "--head", "1.0", "--step",
                "16", "--repeat", "8", "--seed", "3", "--out", png.toString(), "--dpi", "100").ok();
        assertTrue(r.out().startsWith("L1.H0 of run toy at step 16 on repeated random tokens (2 × 8, seed 3), 16 "
                + "tokens"), r.out());
        FigureFiles.png(png, 700, 700);

        // the printed scores are those of the pattern itself, recomputed here from its weights
        AttentionMap m;
        try (Project pr = Project.open(dir); AttentionQuery q = new AttentionQuery()) {
            RunRecord run = pr.runs().byName(TinyGuiProject.RUN).orElseThrow();
            m = q.compute(pr, run, 16, 1, 0, AttentionQuery.repeatedRandom(TrainRuns.modelConfig(run), 8, 3));
        }
        double ind = 0;
        for (int i = 8; i < 16; i++) {
            ind += m.weights()[i][i - 7]; // the token after the earlier occurrence
        }
        double prev = 0;
        for (int i = 1; i < 16; i++) {
            prev += m.weights()[i][i - 1];
        }
        assertEquals(String.format(Locale.ROOT, "%.4f", ind / 8), number(r.out(), "induction score"));
        assertEquals(String.format(Locale.ROOT, "%.4f", prev / 15), number(r.out(), "previous-token score"));

        CliRun t = CliRun.of("attention", "-p", p, "--threads", "1", "--device", "cpu", "--head", "0.1", "--text",
                "ids: 3 7 9 4", "--out", tmp.resolve("typed.svg").toString()).ok();
        assertTrue(t.out().contains("induction score: none (no token repeats in this input)"), t.out());
        FigureFiles.svg(tmp.resolve("typed.svg"));
        CliRun.of("attention", "-p", p, "--threads", "1", "--device", "cpu", "--head", "1.0", "--sample", "2").ok();

        CliRun.of("attention", "-p", p, "--head", "1.0", "--repeat", "4", "--sample", "1")
                .badInput("give one input");
        CliRun.of("attention", "-p", p, "--head", "1.0", "--out", "x.gif").badInput("name the file .png, .svg or .pdf");
        CliRun.of("attention", "-p", p, "--threads", "1", "--head", "4.0").badInput("head L4.H0 does not exist");
        CliRun.of("attention", "-p", p, "--threads", "1", "--head", "1.0", "--step", "999")
                .badInput("no checkpoint at step 999");
        CliRun.of("attention", "-p", p, "--threads", "1", "--head", "1.0", "--repeat", "40").badInput("does not fit");
    }

    private static String number(String out, String label) {
        Matcher m = Pattern.compile(label + ": ([0-9.]+)").matcher(out);
        assertTrue(m.find(), label + " in: " + out);
        return m.group(1);
    }
}
