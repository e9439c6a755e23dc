package mda.engine.corpus.importers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Megatron {@code MMapIndexedDataset} index ({@code .idx}, version 1, little-endian; mda-algorithm.md §1.6):
 * header, {@code sizes[N]} (i32), {@code pointers[N]} (i64 byte offsets into the {@code .bin}) and
 * {@code doc_idx[M]} (i64). {@link #read} validates everything the index alone can show, each problem with its own
 * message naming the file; {@link #checkBin} adds the check against the {@code .bin} length. Every offset is a long.
 */
public final class MegatronIndex {
    /** {@code "MMIDIDX\0\0"}. */
    static final byte[] MAGIC = {0x4D, 0x4D, 0x49, 0x44, 0x49, 0x44, 0x58, 0x00, 0x00};
    /** Magic (9) + version (8) + dtype (1) + N (8) + M (8). */
    public static final int HEADER_BYTES = 34;
    static final long VERSION = 1;
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private final MegatronDtype dtype;
    private final int[] sizes;
    private final long[] pointers;
    private final long[] docIdx;

    private MegatronIndex(Path file, MegatronDtype dtype, int[] sizes, long[] pointers, long[] docIdx) {
        this.file = file;
        this.dtype = dtype;
        this.sizes = sizes;
        this.pointers = pointers;
        this.docIdx = docIdx;
    }

    /** Reads and validates {@code idx}: magic, version 1, dtype code, file length, sizes, pointers and doc_idx. */
    public static MegatronIndex read(Path idx) throws IOException {
        try (FileChannel ch = FileChannel.open(idx, StandardOpenOption.READ)) {
            long length = ch.size();
            if (length < HEADER_BYTES) {
                throw new IOException(idx + ": too short for a Megatron index header (" + length + " bytes, need "
                        + HEADER_BYTES + ")");
            }
            ByteBuffer h = readAt(ch, idx, 0, HEADER_BYTES);
            byte[] magic = new byte[MAGIC.length];
            h.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(idx + ": not a Megatron index: wrong magic bytes " + HexFormat.of().formatHex(magic)
                        + " (expected " + HexFormat.of().formatHex(MAGIC) + ", \"MMIDIDX\\0\\0\")");
            }
            long version = h.getLong();
            if (version != VERSION) {
                throw new IOException(idx + ": unsupported Megatron index version " + Long.toUnsignedString(version)
                        + " (only version 1 is supported)");
            }
            int code = h.get() & 0xFF;
            MegatronDtype dtype = MegatronDtype.ofCode(code);
            if (dtype == null) {
                throw new IOException(idx + ": unknown dtype code " + code + " (known codes: 1 u8, 2 i8, 3 i16, 4 i32,"
                        + " 5 i64, 6 f32, 7 f64, 8 u16)");
            }
            long n = h.getLong();
            long m = h.getLong();
            checkLength(idx, length, n, m);
            if (n > Integer.MAX_VALUE - 8 || m > Integer.MAX_VALUE - 8) {
                throw new IOException(idx + ": " + n + " sequences / " + m + " doc_idx entries exceed what this reader"
                        + " holds in memory (2^31 - 9)");
            }
            int[] sizes = readInts(ch, idx, HEADER_BYTES, (int) n);
            long[] pointers = readLongs(ch, idx, HEADER_BYTES + 4L * n, (int) n);
            long[] docIdx = readLongs(ch, idx, HEADER_BYTES + 12L * n, (int) m);
            validate(idx, dtype, sizes, pointers, docIdx);
            return new MegatronIndex(idx, dtype, sizes, pointers, docIdx);
        } catch (NoSuchFileException e) {
            throw new IOException("Megatron index not found: " + idx, e);
        }
    }

    /** {@code 34 + 12N + 8M == length}, computed without overflow for any u64 N and M. */
    private static void checkLength(Path idx, long length, long n, long m) throws IOException {
        // Anything above 2^50 entries cannot match a real file length; compare in unsigned-safe ranges.
        boolean huge = n < 0 || m < 0 || n > (1L << 50) || m > (1L << 50);
        long expected = huge ? -1 : HEADER_BYTES + 12 * n + 8 * m;
        if (expected != length) {
            throw new IOException(idx + ": file length " + length + " bytes does not match the header: 34 + 12*N + 8*M"
                    + " = " + (huge ? "(overflow)" : Long.toString(expected)) + " for N=" + Long.toUnsignedString(n)
                    + " sequences and M=" + Long.toUnsignedString(m) + " doc_idx entries"
                    + (expected >= 0 && length < expected ? " (file truncated?)" : ""));
        }
    }

    private static void validate(Path idx, MegatronDtype dtype, int[] sizes, long[] pointers, long[] docIdx)
            throws IOException {
        long expected = 0;
        for (int k = 0; k < sizes.length; k++) {
            if (sizes[k] < 0) {
                throw new IOException(idx + ": sequence " + k + " has a negative size " + sizes[k]);
            }
            if (k > 0 && pointers[k] < pointers[k - 1]) {
                throw new IOException(idx + ": pointers are not monotone: pointer[" + k + "] = " + pointers[k]
                        + " is below pointer[" + (k - 1) + "] = " + pointers[k - 1]);
            }
            if (pointers[k] != expected) {
                throw new IOException(idx + ": pointer[" + k + "] = " + pointers[k] + " is inconsistent with the sizes:"
                        + " expected " + expected + " = " + dtype.itemSize() + " bytes x " + (expected / dtype.itemSize())
                        + " tokens before it");
            }
            expected += (long) sizes[k] * dtype.itemSize();
        }
        for (int j = 0; j < docIdx.length; j++) {
            if (docIdx[j] < 0 || docIdx[j] > sizes.length || (j > 0 && docIdx[j] < docIdx[j - 1])) {
                throw new IOException(idx + ": doc_idx[" + j + "] = " + docIdx[j] + " is not a non-decreasing"
                        + " sequence index in [0, " + sizes.length + "]");
            }
        }
    }

    /** Fails unless the last sequence ends at or before the end of {@code bin} ({@code binLength} bytes). */
    public void checkBin(Path bin, long binLength) throws IOException {
        long end = endByte();
        if (end > binLength) {
            throw new IOException(bin + ": the last sequence ends at byte " + end + " (per " + file.getFileName()
                    + ") but the .bin has only " + binLength + " bytes (truncated?)");
        }
    }

    public Path file() {
        return file;
    }

    public MegatronDtype dtype() {
        return dtype;
    }

    /** N. */
    public int sequenceCount() {
        return sizes.length;
    }

    /** Tokens of sequence {@code k}. */
    public int size(int k) {
        return sizes[k];
    }

    /** Byte offset of sequence {@code k} in the {@code .bin}. */
    public long pointer(int k) {
        return pointers[k];
    }

    /** Token offset of sequence {@code k} in the {@code .bin}. */
    public long tokenOffset(int k) {
        return pointers[k] / dtype.itemSize();
    }

    /** A copy of the doc_idx entries. */
    public long[] docIdx() {
        return docIdx.clone();
    }

    /** Byte where the last sequence ends (0 when there is none). */
    public long endByte() {
        int n = sizes.length;
        return n == 0 ? 0 : pointers[n - 1] + (long) sizes[n - 1] * dtype.itemSize();
    }

    /** Total tokens over all sequences. */
    public long tokenCount() {
        return endByte() / dtype.itemSize();
    }

    private static ByteBuffer readAt(FileChannel ch, Path file, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        long p = pos;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) {
                throw new IOException(file + ": ended at byte " + p + " while reading " + len + " bytes at " + pos);
            }
            p += r;
        }
        return b.flip();
    }

    private static int[] readInts(FileChannel ch, Path file, long pos, int n) throws IOException {
        int[] out = new int[n];
        int done = 0;
        while (done < n) {
            int k = Math.min(n - done, CHUNK / 4);
            readAt(ch, file, pos + 4L * done, 4 * k).asIntBuffer().get(out, done, k);
            done += k;
        }
        return out;
    }

    private static long[] readLongs(FileChannel ch, Path file, long pos, int n) throws IOException {
        long[] out = new long[n];
        int done = 0;
        while (done < n) {
            int k = Math.min(n - done, CHUNK / 8);
            readAt(ch, file, pos + 8L * done, 8 * k).asLongBuffer().get(out, done, k);
            done += k;
        }
        return out;
    }
}
