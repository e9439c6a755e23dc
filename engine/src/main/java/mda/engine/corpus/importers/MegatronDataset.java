package mda.engine.corpus.importers;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A validated {@code .idx}/{@code .bin} pair with the {@code .bin} memory-mapped read-only in windows of at most
 * 1 GiB (never read whole), so pairs of billions of tokens open in milliseconds. Windows are powers of two, hence
 * multiples of every item size: no token straddles two windows. Token ids are returned as ints; i64 or u32-range
 * values that do not fit, and float dtypes, are refused. Safe for concurrent readers.
 */
public final class MegatronDataset {
    static final int WINDOW_SHIFT = 30;

    private final MegatronIndex index;
    private final Path bin;
    private final int itemSize;
    private final int windowShift;
    private final long windowMask;
    private final long tokenCount;
    private final MappedByteBuffer[] windows;

    private MegatronDataset(MegatronIndex index, Path bin, int windowShift) throws IOException {
        this.index = index;
        this.bin = bin;
        this.itemSize = index.dtype().itemSize();
        this.windowShift = windowShift;
        this.windowMask = (1L << windowShift) - 1;
        this.tokenCount = index.tokenCount();
        long bytes = index.endByte();
        int n = (int) ((bytes + windowMask) >>> windowShift);
        windows = new MappedByteBuffer[n];
        try (FileChannel ch = FileChannel.open(bin, StandardOpenOption.READ)) {
            for (int w = 0; w < n; w++) {
                long pos = (long) w << windowShift;
                windows[w] = ch.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(1L << windowShift, bytes - pos));
                windows[w].order(ByteOrder.LITTLE_ENDIAN);
            }
        }
    }

    /** Opens {@code prefix.idx} and {@code prefix.bin}. */
    public static MegatronDataset open(Path prefix) throws IOException {
        return open(Path.of(prefix + ".idx"), Path.of(prefix + ".bin"));
    }

    /** Validates {@code idx}, checks it against the length of {@code bin} and maps {@code bin}. */
    public static MegatronDataset open(Path idx, Path bin) throws IOException {
        return open(idx, bin, WINDOW_SHIFT);
    }

    /** As {@link #open(Path, Path)} with windows of {@code 2^windowShift} bytes (tests use tiny windows). */
    static MegatronDataset open(Path idx, Path bin, int windowShift) throws IOException {
        if (windowShift < 3 || windowShift > WINDOW_SHIFT) {
            throw new IllegalArgumentException("window shift must be in [3, 30], got " + windowShift);
        }
        MegatronIndex index = MegatronIndex.read(idx);
        if (!index.dtype().integral()) {
            throw new IOException(idx + ": dtype " + index.dtype() + " (code " + index.dtype().code()
                    + ") cannot hold token ids; expected an integer dtype such as u16 (8) or i32 (4)");
        }
        long length;
        try {
            length = Files.size(bin);
        } catch (NoSuchFileException e) {
            throw new IOException("Megatron data file not found: " + bin + " (beside " + idx + ")", e);
        }
        index.checkBin(bin, length);
        return new MegatronDataset(index, bin, windowShift);
    }

    public MegatronIndex index() {
        return index;
    }

    public Path bin() {
        return bin;
    }

    /** Tokens covered by the index (the {@code .bin} may extend past the last sequence). */
    public long tokenCount() {
        return tokenCount;
    }

    public int sequenceCount() {
        return index.sequenceCount();
    }

    /** The tokens of sequence {@code k}. */
    public int[] sequence(int k) {
        if (k < 0 || k >= index.sequenceCount()) {
            throw new IndexOutOfBoundsException("sequence " + k + " outside [0, " + index.sequenceCount() + ") in "
                    + index.file());
        }
        int[] out = new int[index.size(k)];
        read(index.tokenOffset(k), out, out.length);
        return out;
    }

    /** The token at stream offset {@code i}. */
    public int token(long i) {
        if (i < 0 || i >= tokenCount) {
            throw new IndexOutOfBoundsException("token offset " + i + " outside [0, " + tokenCount + ") in " + bin);
        }
        return at(i * itemSize, i);
    }

    /** Copies tokens {@code [offset, offset + len)} into {@code dst[0..len)}. */
    public void read(long offset, int[] dst, int len) {
        if (offset < 0 || len < 0 || len > dst.length || offset > tokenCount - len) {
            throw new IndexOutOfBoundsException("read of " + len + " tokens at " + offset + " outside [0, "
                    + tokenCount + ") or beyond a destination of " + dst.length + " in " + bin);
        }
        long pos = offset * itemSize;
        for (int k = 0; k < len; k++, pos += itemSize) {
            dst[k] = at(pos, offset + k);
        }
    }

    /** Copies {@code dst.length} tokens from {@code offset}. */
    public void read(long offset, int[] dst) {
        read(offset, dst, dst.length);
    }

    private int at(long pos, long tokenIndex) {
        MappedByteBuffer w = windows[(int) (pos >>> windowShift)];
        int off = (int) (pos & windowMask);
        switch (index.dtype()) {
            case U16:
                return Short.toUnsignedInt(w.getShort(off));
            case I32:
                return w.getInt(off);
            case U8:
                return Byte.toUnsignedInt(w.get(off));
            case I8:
                return w.get(off);
            case I16:
                return w.getShort(off);
            case I64:
                long v = w.getLong(off);
                if (v != (int) v) {
                    throw new IllegalStateException(bin + ": token " + tokenIndex + " = " + v + " does not fit an int id");
                }
                return (int) v;
            default:
                throw new IllegalStateException(bin + ": dtype " + index.dtype() + " holds no token ids");
        }
    }
}
