package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Runs the command line in this JVM with stdout and stderr captured (for CLI tests). */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Asserts success and returns this. */
    CliRun ok() {
        assertEquals(0, code, "exit code; stderr: " + err);
        return this;
    }

    /** Asserts exit 2 with exactly one "mda: " line that contains every expected fragment. */
    void badInput(String... expected) {
        assertEquals(CliErrors.BAD_INPUT, code, err);
        String[] lines = err.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("mda: "), err);
        for (String e : expected) {
            assertTrue(last.contains(e), "'" + e + "' missing from: " + last);
        }
        assertEquals(1, Arrays.stream(lines).filter(l -> l.startsWith("mda: ")).count(), err);
    }
}
