package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code mda bench --megatron}: one column per size with import and sampling throughput and peak memory split into
 * anonymous and file-backed, then a verdict; refuses a pair too small for one window.
 */
class BenchCliTest {
    @Test
    void megatronBenchPrintsRatesAndPeaksPerSizeAndAVerdict() {
        String out = CliRun.of("bench", "--megatron", "--tokens", "200000,300000").ok().out();
        assertTrue(out.matches("(?s).*\\n  tokens +200,000 +300,000\\n.*"), out);
        for (String row : new String[] {"import \\(tokens/s\\)", "Samples, pread \\(tokens/s\\)",
                "raw pread \\(tokens/s\\)", "\\.bin via windows \\(tokens/s\\)"}) {
            Matcher m = Pattern.compile("\\n  " + row + " +([0-9,]+) +([0-9,]+)\\n").matcher(out);
            assertTrue(m.find(), row + " in\n" + out);
            assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, out);
            assertTrue(Long.parseLong(m.group(2).replace(",", "")) > 0, out);
        }
        for (String row : new String[] {"peak RSS, VmHWM", "peak RssAnon", "peak RssFile", "peak heap used"}) {
            Matcher m = Pattern.compile("\\n  " + row + " \\(MiB\\) +([0-9.]+) +([0-9.]+)\\n").matcher(out);
            assertTrue(m.find(), row + " in\n" + out);
            assertTrue(Double.parseDouble(m.group(1)) > 0 && Double.parseDouble(m.group(2)) > 0, out);
        }
        assertTrue(out.matches("(?s).*\\nverdict: (NOT )?FLAT - peak RSS [0-9.]+ MiB at 300,000 tokens vs [0-9.]+ MiB"
                + " at 200,000 tokens.*"), out);
    }

    @Test
    void tooFewTokensIsAOneLineError() {
        CliRun.of("bench", "--megatron", "--tokens", "100").badInput("--tokens must be at least 2049");
        CliRun.of("bench", "--megatron", "--tokens", "300000,100").badInput("--tokens must be at least 2049");
    }
}
