package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code mda bench --megatron}: prints read throughput and peak RSS; refuses a pair too small for one window. */
class BenchCliTest {
    @Test
    void megatronBenchPrintsTokensPerSecondAndPeakRss() {
        String out = CliRun.of("bench", "--megatron", "--tokens", "300000").ok().out();
        assertTrue(out.contains("wrote 300,000 tokens"), out);
        Matcher m = Pattern.compile("mmap dataset: 10,000 random windows of 2049 tokens in [0-9.]+ s = ([0-9,]+)"
                + " tokens/s").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, out);
        assertTrue(out.contains("import: 300,000 tokens"), out);
        assertTrue(out.matches("(?s).*peak RSS \\(VmHWM\\): [0-9]+ kB.*"), out);
    }

    @Test
    void tooFewTokensIsAOneLineError() {
        CliRun.of("bench", "--megatron", "--tokens", "100").badInput("--tokens must be at least 2049");
    }
}
