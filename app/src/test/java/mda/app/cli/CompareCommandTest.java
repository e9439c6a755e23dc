package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mda.engine.probe.MetricKind;
import mda.engine.store.MetricValue;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.RunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mda compare} and {@code mda intervene} from the command line: table, figures, one-line errors. */
class CompareCommandTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** A run whose L1.H0 induction and ICL gain follow O15's logistic centred at {@code c}, with per-sequence files. */
    private static void storeRun(Project p, String name, double c) throws Exception {
        RunRecord run = p.runs().insert(RunRecord.draft(name, null, "{\"layers\":2}", "{}", 1));
        for (int k = -1; k <= 24; k++) {
            long s = k < 0 ? 0 : Math.round(Math.pow(2, k / 2.0));
            if (k > 0 && s == Math.round(Math.pow(2, (k - 1) / 2.0))) {
                continue;
            }
            double v = s == 0 ? 0.05 : 0.05 + 0.6 / (1 + Math.exp(-(Math.log(s) - Math.log(c)) / 0.25));
            p.metrics().record(run.id(), s, List.of(MetricValue.head(1, 0, MetricKind.INDUCTION, v),
                    MetricValue.runLevel(MetricKind.ICL_GAIN, 2 * v)));
            double[] seqs = {v - 0.01, v + 0.01, v - 0.02, v + 0.02};
            Path f = new RunFiles(p, run.id()).perSequence(s);
            Files.createDirectories(f.getParent());
            Files.writeString(f, new Gson().toJson(Map.of("perSeq", Map.of(MetricKind.INDUCTION,
                    new double[][][] {{new double[4]}, {seqs}}), "iclGain", new double[] {2 * v, 2 * v})));
        }
    }

    @Test
    void compareWritesTheTableAndBothFiguresInPngAndSvg() throws Exception {
        Path dir = tmp.resolve("proj");
        try (Project p = Project.create(dir)) {
            storeRun(p, "base", 300);
            storeRun(p, "late", 450);
        }
        Path figs = tmp.resolve("figs");
        CliRun o = run("compare", "-p", dir.toString(), "base", "late", "--out", figs.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Target head L1.H0"), o.out());
        assertTrue(o.out().contains("late τ=0.50: ρ median 1.49"), o.out());
        assertTrue(o.out().contains("ICL gain"), o.out());
        for (String f : List.of("formation.png", "formation.svg", "formation-best.png", "formation-best.svg", "icl.png",
                "icl.svg")) {
            assertTrue(Files.size(figs.resolve(f)) > 1000, f);
        }
        assertTrue(Files.readString(figs.resolve("icl.svg")).contains("<svg"));
    }

    @Test
    void badArgumentsAreOneClearLine() throws Exception {
        Path dir = tmp.resolve("proj");
        try (Project p = Project.create(dir)) {
            storeRun(p, "base", 300);
        }
        CliRun missing = run("compare", "-p", dir.toString(), "base", "nope");
        assertEquals(CliErrors.BAD_INPUT, missing.code(), missing.err());
        assertEquals("mda: the project has no run or run group named 'nope'", missing.err().strip());
        CliRun alone = run("compare", "-p", dir.toString(), "base");
        assertEquals(CliErrors.BAD_INPUT, alone.code());
        assertTrue(alone.err().contains("has no interventions yet"), alone.err());
        CliRun plan = run("intervene", "-p", dir.toString(), "--run", "base", "--attribution", "1", "--plan",
                "remove-all");
        assertEquals(CliErrors.BAD_INPUT, plan.code());
        assertTrue(plan.err().strip().startsWith("mda: unknown plan 'remove-all'"), plan.err());
    }
}
