package mda.engine.corpus.importers;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a Megatron {@code .bin}/{@code .idx} pair (version 1) the way Megatron's builder does: each
 * {@link #addSequence} appends tokens and a size, {@link #endDocument} appends the current sequence count to
 * doc_idx (which starts as {@code [0]}); {@link #close} writes the index. Used by tests and the bench.
 */
public final class MegatronWriter implements Closeable {
    private final Path idx;
    private final MegatronDtype dtype;
    private final OutputStream bin;
    private final ByteBuffer buf;
    private int[] sizes = new int[1024];
    private int n;
    private long[] docIdx = new long[1024];
    private int m;
    private boolean closed;

    private MegatronWriter(Path idx, Path binFile, MegatronDtype dtype) throws IOException {
        if (!dtype.integral()) {
            throw new IllegalArgumentException("Megatron writer needs an integer dtype, got " + dtype);
        }
        this.idx = idx;
        this.dtype = dtype;
        this.bin = new BufferedOutputStream(Files.newOutputStream(binFile), 1 << 16);
        this.buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        docIdx[m++] = 0;
    }

    /** Starts {@code prefix.bin} and {@code prefix.idx}. */
    public static MegatronWriter create(Path prefix, MegatronDtype dtype) throws IOException {
        return new MegatronWriter(Path.of(prefix + ".idx"), Path.of(prefix + ".bin"), dtype);
    }

    /** Appends one sequence. */
    public void addSequence(int[] tokens) throws IOException {
        addSequence(tokens, 0, tokens.length);
    }

    /** Appends {@code tokens[from, from + len)} as one sequence. */
    public void addSequence(int[] tokens, int from, int len) throws IOException {
        if (closed) {
            throw new IllegalStateException("Megatron writer for " + idx + " is closed");
        }
        for (int i = from; i < from + len; i++) {
            if (buf.remaining() < dtype.itemSize()) {
                flushBuffer();
            }
            put(tokens[i]);
        }
        if (n == sizes.length) {
            sizes = Arrays.copyOf(sizes, n * 2);
        }
        sizes[n++] = len;
    }

    /** Marks the sequences since the previous call as one document. */
    public void endDocument() {
        if (m == docIdx.length) {
            docIdx = Arrays.copyOf(docIdx, m * 2);
        }
        docIdx[m++] = n;
    }

    /** One sequence that is also one document. */
    public void addDocument(int[] tokens) throws IOException {
        addSequence(tokens);
        endDocument();
    }

    private void put(int t) {
        switch (dtype) {
            case U8: case I8:
                buf.put((byte) t);
                break;
            case U16: case I16:
                buf.putShort((short) t);
                break;
            case I32:
                buf.putInt(t);
                break;
            default:
                buf.putLong(t);
        }
    }

    private void flushBuffer() throws IOException {
        bin.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    /** Flushes the {@code .bin} and writes the {@code .idx}. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (bin) {
            flushBuffer();
        }
        Files.write(idx, indexBytes(dtype.code(), Arrays.copyOf(sizes, n), Arrays.copyOf(docIdx, m), dtype.itemSize()));
    }

    /** The bytes of a version-1 index with consistent pointers for {@code sizes}. */
    public static byte[] indexBytes(int dtypeCode, int[] sizes, long[] docIdx, int itemSize) {
        long total = MegatronIndex.HEADER_BYTES + 12L * sizes.length + 8L * docIdx.length;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MegatronIndex.MAGIC).putLong(MegatronIndex.VERSION).put((byte) dtypeCode);
        b.putLong(sizes.length).putLong(docIdx.length);
        for (int s : sizes) {
            b.putInt(s);
        }
        long p = 0;
        for (int s : sizes) {
            b.putLong(p);
            p += (long) s * itemSize;
        }
        for (long d : docIdx) {
            b.putLong(d);
        }
        return b.array();
    }
}
