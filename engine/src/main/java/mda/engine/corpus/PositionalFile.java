package mda.engine.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only file read with positional reads ({@code pread}): nothing is mapped, so reading adds no file-backed
 * resident memory; the page cache holds the data, outside this process. Keeps one file handle open. An interrupt
 * during a read closes a {@link FileChannel}; the channel is then reopened so that other readers carry on, and the
 * interrupted reader gets an exception.
 */
public final class PositionalFile implements ByteSource {
    private final Path file;
    private final long length;
    private volatile FileChannel channel;
    private volatile boolean closed;

    /** Reads {@code [0, length)} of {@code file}. */
    public PositionalFile(Path file, long length) throws IOException {
        this.file = file;
        this.length = length;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void read(long pos, ByteBuffer dst) {
        ByteSource.checkRange(file, pos, dst.remaining(), length);
        long p = pos;
        for (int attempt = 0; ; attempt++) {
            FileChannel ch = channel;
            try {
                while (dst.hasRemaining()) {
                    int r = ch.read(dst, p);
                    if (r < 0) {
                        throw new IOException("file ended at byte " + p + " (expected " + length + " bytes)");
                    }
                    p += r;
                }
                return;
            } catch (ClosedChannelException e) {
                if (closed) {
                    throw new IllegalStateException(file + " is closed", e);
                }
                reopen(ch);
                if (Thread.currentThread().isInterrupted() || attempt >= 2) {
                    throw new UncheckedIOException(file + ": read at byte " + p + " interrupted", e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": read at byte " + p + " failed: " + e.getMessage(), e);
            }
        }
    }

    private synchronized void reopen(FileChannel old) {
        if (channel == old && !closed) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot reopen: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // Read-only: nothing to lose.
        }
    }
}
