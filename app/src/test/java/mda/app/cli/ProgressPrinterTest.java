package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import mda.engine.jobs.ProgressEvent;
import mda.engine.store.JobState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressPrinterTest {
    final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    final AtomicLong clock = new AtomicLong();

    private static ProgressEvent ev(String phase, long done, long total, double rate, double eta, String msg) {
        return new ProgressEvent(1, phase, done, total, rate, eta, msg, 0, JobState.RUNNING);
    }

    private String text() {
        return buf.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void lineShowsBarPercentCountsRateAndEta() {
        assertEquals("score [#########...........] 45% 1234/2740 12.3 it/s ETA 2m03s batch 12",
                ProgressPrinter.line(ev("score", 1234, 2740, 12.34, 123, "batch 12"), true));
        assertEquals("score 45% 1234/2740 12.3 it/s ETA 2m03s batch 12",
                ProgressPrinter.line(ev("score", 1234, 2740, 12.34, 123, "batch 12"), false));
        assertEquals("import 5000 -- it/s", ProgressPrinter.line(ev("import", 5000, 0, Double.NaN, Double.NaN, null), true));
        assertEquals("fit [####################] 100% 8/8 0.25 it/s failed out of memory",
                ProgressPrinter.line(new ProgressEvent(1, "fit", 8, 8, 0.25, 0, "out of memory", 0, JobState.FAILED), true));
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "44.6,45s", "123,2m03s", "3599,59m59s", "3720,1h02m", "NaN,--", "-1,--"})
    void durationsAreCompact(double seconds, String expected) {
        assertEquals(expected, ProgressPrinter.duration(seconds));
    }

    @ParameterizedTest
    @CsvSource({"1234.4,1234", "1234.5,1235", "12.34,12.3", "0.256,0.26", "Infinity,--"})
    void ratesKeepThreeSignificantDigits(double rate, String expected) {
        assertEquals(expected, ProgressPrinter.rate(rate));
    }

    @Test
    void terminalRedrawsInPlaceAtMostTenTimesASecond() {
        ProgressPrinter p = new ProgressPrinter(out, true, clock::get, 10_000, 200);
        p.onProgress(ev("train", 10, 100, 5, 18, "loss 4.1"));   // t = 0: drawn
        clock.set(50);
        p.onProgress(ev("train", 11, 100, 5, 17.8, "loss 4.0")); // 50 ms later: skipped
        clock.set(120);
        p.onProgress(ev("train", 12, 100, 5, 17.6, null));       // drawn, shorter: padded
        clock.set(130);
        p.onProgress(new ProgressEvent(1, "train", 100, 100, 5, 0, null, 0, JobState.DONE)); // final: drawn + newline
        String first = "train [##..................] 10% 10/100 5.0 it/s ETA 18s loss 4.1";
        String second = "train [##..................] 12% 12/100 5.0 it/s ETA 18s";
        String last = "train [####################] 100% 100/100 5.0 it/s done";
        String padSecond = " ".repeat(first.length() - second.length());
        String padLast = " ".repeat(second.length() - last.length()); // blanks the tail of the longer line
        assertEquals("\r" + first + "\r" + second + padSecond + "\r" + last + padLast + "\n", text());
    }

    @Test
    void terminalKeepsAFinishedPhaseOnItsOwnLine() {
        ProgressPrinter p = new ProgressPrinter(out, true, clock::get, 10_000, 200);
        p.onProgress(ev("a", 1, 4, Double.NaN, Double.NaN, null));
        clock.set(10);
        p.onProgress(ev("a", 4, 4, 100, 0, null)); // within 100 ms: not drawn yet
        clock.set(20);
        p.onProgress(ev("b", 0, 2, Double.NaN, Double.NaN, null));
        String a1 = "a [#####...............] 25% 1/4 -- it/s ETA --";
        String a4 = "a [####################] 100% 4/4 100 it/s ETA 0s";
        String b0 = "b [....................] 0% 0/2 -- it/s ETA --";
        assertEquals("\r" + a1 + "\r" + a4 + "\n\r" + b0, text());
    }

    @Test
    void terminalLogLineIsPrintedAboveTheBar() {
        ProgressPrinter p = new ProgressPrinter(out, true, clock::get, 10_000, 200);
        ProgressEvent e = ev("x", 1, 2, 1, 1, null);
        p.onProgress(e);
        p.onLog(1, "checkpoint saved");
        String bar = ProgressPrinter.line(e, true);
        assertEquals("\r" + bar + "\r" + " ".repeat(bar.length()) + "\rcheckpoint saved\n\r" + bar, text());
    }

    @Test
    void terminalCutsLinesLongerThanTheWidth() {
        ProgressPrinter p = new ProgressPrinter(out, true, clock::get, 10_000, 30);
        p.onProgress(ev("x", 1, 2, 1, 1, "a very long message that would wrap"));
        assertEquals("\r" + ProgressPrinter.line(ev("x", 1, 2, 1, 1, "a very long message that would wrap"), true)
                .substring(0, 29) + "…", text());
    }

    @Test
    void plainModePrintsPhaseChangesTheEndAndOneLinePerInterval() {
        ProgressPrinter p = new ProgressPrinter(out, false, clock::get, 10_000, 200);
        p.onProgress(ev("fit", 1, 10, Double.NaN, Double.NaN, null)); // t = 0: first line
        clock.set(5_000);
        p.onProgress(ev("fit", 2, 10, 0.2, 40, null));                  // skipped
        clock.set(10_000);
        p.onProgress(ev("fit", 3, 10, 0.2, 35, null));                  // interval passed
        clock.set(11_000);
        p.onProgress(ev("score", 0, 500, Double.NaN, Double.NaN, null)); // phase change
        clock.set(12_000);
        p.onProgress(ev("score", 7, 500, 7, 70, null));                 // skipped
        clock.set(12_500);
        p.onProgress(new ProgressEvent(1, "score", 7, 500, 7, 70, "cancelled: user", 0, JobState.CANCELLED));
        p.onLog(1, "partial scores kept");
        assertEquals(String.join("\n",
                "fit 10% 1/10 -- it/s ETA --",
                "fit 30% 3/10 0.20 it/s ETA 35s",
                "score 0% 0/500 -- it/s ETA --",
                "score 1% 7/500 7.0 it/s cancelled cancelled: user",
                "partial scores kept", ""), text());
    }

    @Test
    void rejectsATooNarrowWidth() {
        assertThrows(IllegalArgumentException.class, () -> new ProgressPrinter(out, true, clock::get, 0, 5));
    }
}
