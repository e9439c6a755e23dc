package mda.app.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import mda.engine.jobs.ProgressEvent;
import mda.engine.jobs.ProgressListener;

/**
 * Prints job progress for the command line. On a terminal it redraws one line in place with {@code \r},
 * at most ten times a second: {@code phase [#########...........] 45% 1234/2740 12.3 it/s ETA 2m03s message};
 * a finished phase keeps its line. Otherwise (pipes, CI logs) it prints plain lines: on every phase change, at
 * the end, and at most one every {@code plainIntervalMillis} in between.
 */
public final class ProgressPrinter implements ProgressListener {
    static final long REDRAW_MILLIS = 100;
    static final int BAR_WIDTH = 20;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long plainIntervalMillis;
    private final int maxWidth;
    private ProgressEvent last;
    private long lastOutput = Long.MIN_VALUE;
    private int drawnWidth; // characters of the bar currently on the terminal line, 0 when the line is empty

    /**
     * @param terminal redraw a bar in place (true) or print plain lines (false)
     * @param plainIntervalMillis least time between two plain lines of the same phase
     * @param maxWidth longest line drawn on a terminal; longer ones are cut so that {@code \r} still works
     */
    public ProgressPrinter(PrintStream out, boolean terminal, LongSupplier clock, long plainIntervalMillis,
                           int maxWidth) {
        if (plainIntervalMillis < 0 || maxWidth < 20) {
            throw new IllegalArgumentException("progress printer needs an interval ≥ 0 ms and a width ≥ 20, got "
                    + plainIntervalMillis + " ms and " + maxWidth);
        }
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.plainIntervalMillis = plainIntervalMillis;
        this.maxWidth = maxWidth;
    }

    /** A printer for {@code out} that draws a bar when the JVM has a console, else a plain line every 10 s. */
    public static ProgressPrinter forConsole(PrintStream out) {
        return forMode(out, System.console() != null);
    }

    /** As {@link #forConsole} with the mode forced (e.g. by a {@code --progress=bar|plain} option). */
    public static ProgressPrinter forMode(PrintStream out, boolean terminal) {
        return new ProgressPrinter(out, terminal, System::currentTimeMillis, 10_000, terminalWidth());
    }

    @Override
    public synchronized void onProgress(ProgressEvent e) {
        long now = clock.getAsLong();
        boolean phaseChanged = last == null || !last.phase().equals(e.phase());
        boolean end = e.state().isFinal();
        if (terminal) {
            if (phaseChanged && last != null && drawnWidth > 0) {
                draw(last); // leave the finished phase on its own line, showing where it ended
                out.print('\n');
                drawnWidth = 0;
            }
            last = e;
            if (phaseChanged || end || now - lastOutput >= REDRAW_MILLIS) {
                draw(e);
                lastOutput = now;
            }
            if (end) {
                out.print('\n');
                drawnWidth = 0;
            }
        } else {
            last = e;
            if (phaseChanged || end || now - lastOutput >= plainIntervalMillis) {
                out.println(line(e, false));
                lastOutput = now;
            }
        }
        out.flush();
    }

    @Override
    public synchronized void onLog(long jobId, String line) {
        if (terminal && drawnWidth > 0) {
            out.print('\r' + " ".repeat(drawnWidth) + '\r');
            drawnWidth = 0;
            out.println(line);
            draw(last);
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void draw(ProgressEvent e) {
        String s = line(e, true);
        if (s.length() > maxWidth) {
            s = s.substring(0, maxWidth - 1) + "…";
        }
        int pad = Math.max(0, drawnWidth - s.length()); // blank out the rest of a longer previous line
        out.print('\r' + s + " ".repeat(pad));
        drawnWidth = s.length();
    }

    /** The progress line without any carriage control. */
    static String line(ProgressEvent e, boolean bar) {
        StringBuilder sb = new StringBuilder(e.phase().isEmpty() ? "working" : e.phase());
        if (e.total() > 0) {
            double f = e.fraction();
            if (bar) {
                int filled = (int) Math.round(f * BAR_WIDTH);
                sb.append(" [").append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append(']');
            }
            sb.append(' ').append((int) Math.floor(f * 100)).append("% ").append(e.done()).append('/').append(e.total());
        } else {
            sb.append(' ').append(e.done());
        }
        sb.append(' ').append(rate(e.ratePerSec())).append(" it/s");
        if (e.state().isFinal()) {
            sb.append(' ').append(e.state().name().toLowerCase(Locale.ROOT));
        } else if (e.total() > 0) {
            sb.append(" ETA ").append(duration(e.etaSeconds()));
        }
        if (e.message() != null && !e.message().isBlank()) {
            sb.append(' ').append(e.message().replace('\n', ' ').replace('\r', ' '));
        }
        return sb.toString();
    }

    static String rate(double r) {
        if (!Double.isFinite(r)) {
            return "--";
        }
        if (r >= 100) {
            return String.format(Locale.ROOT, "%.0f", r);
        }
        return String.format(Locale.ROOT, r >= 1 ? "%.1f" : "%.2f", r);
    }

    /** 45s, 2m03s, 1h02m; "--" when unknown. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "--";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    private static int terminalWidth() {
        try {
            int cols = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120").trim());
            return Math.max(20, cols - 1); // the last column would make some terminals wrap
        } catch (NumberFormatException e) {
            return 119; // COLUMNS is advisory; a malformed value just means the default width
        }
    }
}
