package mda.engine.corpus.importers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import mda.engine.corpus.FileWindows;

/**
 * A validated {@code .idx}/{@code .bin} pair with the {@code .bin} memory-mapped read-only through
 * {@link FileWindows}: two windows of 8 MiB at most, each unmapped when replaced, so pairs of billions of tokens
 * open in milliseconds and a full pass keeps resident memory bounded (≤ 16 MiB of mapped pages). Token ids are
 * returned as ints; i64 or u32-range values that do not fit, and float dtypes, are refused. Safe for concurrent
 * readers; {@link #close} releases the mapping.
 */
public final class MegatronDataset implements AutoCloseable {
    static final int WINDOW_SHIFT = FileWindows.DEFAULT_SHIFT;
    /** Tokens decoded per bulk read. */
    private static final int CHUNK_TOKENS = 1 << 16;

    private final MegatronIndex index;
    private final Path bin;
    private final int itemSize;
    private final long tokenCount;
    private final FileWindows windows;

    private MegatronDataset(MegatronIndex index, Path bin, int windowShift) {
        this.index = index;
        this.bin = bin;
        this.itemSize = index.dtype().itemSize();
        this.tokenCount = index.tokenCount();
        this.windows = new FileWindows(bin, index.endByte(), windowShift, FileWindows.DEFAULT_MAX_WINDOWS);
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
        if (windowShift < 3 || windowShift > 30) {
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
        int[] one = new int[1];
        read(i, one, 1);
        return one[0];
    }

    /** Copies tokens {@code [offset, offset + len)} into {@code dst[0..len)}. */
    public void read(long offset, int[] dst, int len) {
        if (offset < 0 || len < 0 || len > dst.length || offset > tokenCount - len) {
            throw new IndexOutOfBoundsException("read of " + len + " tokens at " + offset + " outside [0, "
                    + tokenCount + ") or beyond a destination of " + dst.length + " in " + bin);
        }
        ByteBuffer b = ByteBuffer.allocate(Math.min(len, CHUNK_TOKENS) * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < len; ) {
            int n = Math.min(len - done, CHUNK_TOKENS);
            b.clear().limit(n * itemSize);
            windows.read((offset + done) * itemSize, b);
            b.flip();
            for (int k = 0; k < n; k++) {
                dst[done + k] = next(b, offset + done + k);
            }
            done += n;
        }
    }

    /** Copies {@code dst.length} tokens from {@code offset}. */
    public void read(long offset, int[] dst) {
        read(offset, dst, dst.length);
    }

    /** Unmaps the {@code .bin}; later reads fail. */
    @Override
    public void close() {
        windows.close();
    }

    private int next(ByteBuffer w, long tokenIndex) {
        switch (index.dtype()) {
            case U16:
                return Short.toUnsignedInt(w.getShort());
            case I32:
                return w.getInt();
            case U8:
                return Byte.toUnsignedInt(w.get());
            case I8:
                return w.get();
            case I16:
                return w.getShort();
            case I64:
                long v = w.getLong();
                if (v != (int) v) {
                    throw new IllegalStateException(bin + ": token " + tokenIndex + " = " + v + " does not fit an int id");
                }
                return (int) v;
            default:
                throw new IllegalStateException(bin + ": dtype " + index.dtype() + " holds no token ids");
        }
    }
}
