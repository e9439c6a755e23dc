package mda.engine.corpus.importers;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Streams the lines of a file as bytes (without the {@code \n} and a trailing {@code \r}), refusing a line longer
 * than the limit as soon as it passes it, so memory stays bounded by the limit whatever the file holds.
 */
final class BoundedLineReader implements Closeable {
    private final Path file;
    private final InputStream in;
    private final long maxLineBytes;
    private byte[] line = new byte[256];
    private long lineNumber;
    private long bytesRead;

    BoundedLineReader(Path file, long maxLineBytes) throws IOException {
        this.file = file;
        this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the file. */
    byte[] next() throws IOException {
        int len = 0;
        int b = in.read();
        if (b < 0) {
            return null;
        }
        lineNumber++;
        while (b >= 0 && b != '\n') {
            if (len >= maxLineBytes) {
                throw new IOException(file + ": line " + lineNumber + " is longer than the limit of " + maxLineBytes
                        + " bytes; raise the line limit or split the record");
            }
            if (len == line.length) {
                line = Arrays.copyOf(line, (int) Math.min(Integer.MAX_VALUE - 8, Math.min(maxLineBytes, 2L * len)));
            }
            line[len++] = (byte) b;
            bytesRead++;
            b = in.read();
        }
        if (b == '\n') {
            bytesRead++;
        }
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        return Arrays.copyOf(line, len);
    }

    /** 1-based number of the line last returned. */
    long lineNumber() {
        return lineNumber;
    }

    /** Bytes consumed so far. */
    long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
