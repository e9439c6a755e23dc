package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on the command line: one clear line on stderr, a non-zero exit, and the project left as it was. */
class CliErrorsTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assertOneLine(CliRun o, String expected) {
        assertEquals(CliErrors.BAD_INPUT, o.code(), o.err());
        // progress lines may come first; the error is one line, the last, and the only one that starts "mda: "
        String[] lines = o.err().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("mda: ") && last.contains(expected), o.err());
        assertEquals(1, java.util.Arrays.stream(lines).filter(l -> l.startsWith("mda: ")).count(), o.err());
    }

    @Test
    void missingProjectIsOneClearLine() {
        assertOneLine(run("heads", "--project", tmp.resolve("nope").toString()), "does not exist");
    }

    @Test
    void corruptProjectIsRefusedAndLeftUntouched() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("broken"));
        byte[] junk = "this is not a database, just bytes".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("project.db"), junk);
        assertOneLine(run("project", "info", "--project", dir.toString()), "project.db");
        assertArrayEquals(junk, Files.readAllBytes(dir.resolve("project.db")));
    }

    @Test
    void unknownPresetNamesTheKnownOnes() throws Exception {
        Path dir = tmp.resolve("p");
        assertEquals(0, run("project", "new", dir.toString()).code());
        CliRun o = run("train", "--project", dir.toString(), "--preset", "giant", "--threads", "1");
        assertOneLine(o, "unknown preset 'giant'");
        assertTrue(o.err().contains("toy-attn2"), o.err());
    }

    @Test
    void trainingWithoutACorpusSaysWhatToDo() throws Exception {
        Path dir = tmp.resolve("p");
        assertEquals(0, run("project", "new", dir.toString()).code());
        assertOneLine(run("train", "--project", dir.toString(), "--threads", "1"), "mda corpus import");
    }

    @Test
    void contextLongerThanTheCorpusAllowsIsRefused() throws Exception {
        Path dir = tmp.resolve("p");
        assertEquals(0, run("project", "new", dir.toString()).code());
        assertEquals(0, run("corpus", "import", "--project", dir.toString(), "--synthetic", "--documents", "20",
                "--vocab", "32").code());
        CliRun o = run("train", "--project", dir.toString(), "--ctx", "4096", "--threads", "1", "--steps", "2");
        assertOneLine(o, "needs at least 4097 tokens");
        CliRun info = run("project", "info", "--project", dir.toString());
        assertEquals(0, info.code());
        assertTrue(info.out().contains("corpus synthetic"), info.out());
    }

    @Test
    void creatingAProjectTwiceIsRefused() {
        Path dir = tmp.resolve("p");
        assertEquals(0, run("project", "new", dir.toString()).code());
        assertOneLine(run("project", "new", dir.toString()), "already contains a project");
    }
}
