package mda.engine.corpus;

import java.nio.ByteBuffer;

/**
 * Read-only random access to the bytes of a file in bounded memory: {@link FileWindows} (bounded, released mapping
 * windows) or {@link PositionalFile} (positional reads). Implementations are safe for concurrent readers.
 */
public interface ByteSource extends AutoCloseable {
    /** Bytes readable, {@code [0, length)}. */
    long length();

    /**
     * Fills {@code dst} from its position to its limit with the bytes at {@code [pos, pos + dst.remaining())},
     * advancing its position. I/O failures are thrown unchecked, naming the file.
     */
    void read(long pos, ByteBuffer dst);

    /** Releases what the source holds (mappings, file handles); later reads fail. */
    @Override
    void close();

    /** Fails unless {@code [pos, pos + len)} lies within {@code [0, length)}. */
    static void checkRange(Object file, long pos, long len, long length) {
        if (pos < 0 || len < 0 || pos > length - len) {
            throw new IndexOutOfBoundsException("read of " + len + " bytes at " + pos + " outside [0, " + length
                    + ") of " + file);
        }
    }
}
