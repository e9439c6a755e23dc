package mda.engine.corpus;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A finished token store opened read-only (layout in {@link TokenStoreWriter}). Nothing grows with the corpus in
 * memory: tokens are read from disk with positional reads (the page cache holds them, outside this process, so
 * billions of tokens cost no resident memory), and document offsets and metadata stay on disk behind a sparse
 * in-memory index ({@link DocumentIndex}). Keeps one file handle, released when the store is closed or unreachable.
 * Safe for concurrent readers.
 */
public final class TokenStore implements AutoCloseable {
    /** Tokens decoded per bulk read. */
    private static final int CHUNK_TOKENS = 1 << 16;

    private final Path dir;
    private final int vocab;
    private final int itemSize;
    private final long tokenCount;
    private final int documentCount;
    private final ByteSource tokens;
    private final DocumentIndex documents;

    private TokenStore(Path dir, JsonObject manifest, int windowShift, int blockDocs) throws IOException {
        this.dir = dir;
        Path manifestFile = dir.resolve(TokenStoreWriter.MANIFEST);
        try {
            int version = manifest.get("version").getAsInt();
            if (version != TokenStoreWriter.FORMAT_VERSION) {
                throw new IOException(manifestFile + " has unsupported version " + version);
            }
            String dtype = manifest.get("dtype").getAsString();
            this.itemSize = switch (dtype) {
                case "u16" -> 2;
                case "i32" -> 4;
                default -> throw new IOException(manifestFile + " has unknown dtype \"" + dtype + "\"");
            };
            this.vocab = manifest.get("vocab").getAsInt();
            this.tokenCount = manifest.get("tokens").getAsLong();
            this.documentCount = manifest.get("documents").getAsInt();
        } catch (NullPointerException | ClassCastException | IllegalStateException | NumberFormatException e) {
            throw new IOException(manifestFile + " is malformed: " + e, e);
        }
        Path file = dir.resolve(TokenStoreWriter.TOKENS);
        requireSize(file, tokenCount * itemSize, tokenCount + " tokens of " + itemSize + " bytes");
        this.tokens = windowShift > 0 ? new FileWindows(file, tokenCount * itemSize, windowShift, 2)
                : new PositionalFile(file, tokenCount * itemSize);
        EodCursor eod = new EodCursor();
        try {
            this.documents = DocumentIndex.open(dir, documentCount, tokenCount, eod::token, blockDocs);
        } catch (IOException | RuntimeException e) {
            tokens.close();
            throw e;
        }
    }

    /** Opens the store in {@code dir}, validating sizes and offsets; errors name the offending file. */
    public static TokenStore open(Path dir) throws IOException {
        return open(dir, 0, DocumentIndex.BLOCK);
    }

    /** As {@link #open(Path)}, reading tokens through two mapped windows of {@code 2^windowShift} bytes. */
    static TokenStore open(Path dir, int windowShift) throws IOException {
        return open(dir, windowShift, DocumentIndex.BLOCK);
    }

    /**
     * As {@link #open(Path)}; {@code windowShift > 0} reads tokens through mapped windows of that size instead of
     * positional reads, and {@code blockDocs} documents share one sparse-index entry (tests use tiny values).
     */
    static TokenStore open(Path dir, int windowShift, int blockDocs) throws IOException {
        if (windowShift != 0 && (windowShift < 3 || windowShift > 30)) {
            throw new IllegalArgumentException("window shift must be 0 (positional reads) or in [3, 30], got "
                    + windowShift);
        }
        if (blockDocs < 1) {
            throw new IllegalArgumentException("documents per index block must be positive, got " + blockDocs);
        }
        Path manifest = dir.resolve(TokenStoreWriter.MANIFEST);
        if (!Files.isDirectory(dir)) {
            throw new IOException("token store directory not found: " + dir);
        }
        if (!Files.exists(manifest)) {
            throw new IOException("token store " + dir + " is unfinished or missing: no " + TokenStoreWriter.MANIFEST);
        }
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(manifest + " is not a JSON object: " + e.getMessage(), e);
        }
        return new TokenStore(dir, json, windowShift, blockDocs);
    }

    /** Reads the EOD checks of {@link DocumentIndex#open} (increasing offsets) in chunks, not one read each. */
    private final class EodCursor {
        private final int[] chunk = new int[(int) Math.min(CHUNK_TOKENS, Math.max(1, tokenCount))];
        private long from = -1;
        private int len;

        long token(long i) {
            if (from < 0 || i < from || i >= from + len) {
                from = i;
                len = (int) Math.min(chunk.length, tokenCount - i);
                read(i, chunk, len);
            }
            return chunk[(int) (i - from)];
        }
    }

    static void requireSize(Path file, long expected, String what) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("token store file missing: " + file);
        }
        long size = Files.size(file);
        if (size != expected) {
            throw new IOException(file + " is " + (size < expected ? "truncated" : "too long") + ": expected "
                    + expected + " bytes (" + what + "), found " + size);
        }
    }

    /** The store's directory. */
    public Path directory() {
        return dir;
    }

    /** Ids are in {@code [0, vocab)}. */
    public int vocab() {
        return vocab;
    }

    /** Tokens in the stream, EOD separators included. */
    public long tokenCount() {
        return tokenCount;
    }

    public int documentCount() {
        return documentCount;
    }

    /** The token at stream offset {@code i}. */
    public int token(long i) {
        if (i < 0 || i >= tokenCount) {
            throw new IndexOutOfBoundsException("token offset " + i + " outside [0, " + tokenCount + ") in " + dir);
        }
        ByteBuffer b = ByteBuffer.allocate(itemSize).order(ByteOrder.LITTLE_ENDIAN);
        tokens.read(i * itemSize, b);
        return itemSize == 2 ? Short.toUnsignedInt(b.getShort(0)) : b.getInt(0);
    }

    /** Copies tokens {@code [offset, offset + len)} into {@code dst[0..len)}. */
    public void read(long offset, int[] dst, int len) {
        if (offset < 0 || len < 0 || offset + len > tokenCount || len > dst.length) {
            throw new IndexOutOfBoundsException("read of " + len + " tokens at " + offset + " outside [0, "
                    + tokenCount + ") or beyond a destination of " + dst.length + " in " + dir);
        }
        ByteBuffer b = ByteBuffer.allocate(Math.min(len, CHUNK_TOKENS) * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < len; ) {
            int n = Math.min(len - done, CHUNK_TOKENS);
            b.clear().limit(n * itemSize);
            tokens.read((offset + done) * itemSize, b);
            b.flip();
            if (itemSize == 2) {
                for (int k = 0; k < n; k++) {
                    dst[done + k] = Short.toUnsignedInt(b.getShort());
                }
            } else {
                b.asIntBuffer().get(dst, done, n);
            }
            done += n;
        }
    }

    /** Metadata and position of document {@code d}. */
    public DocumentInfo document(int d) {
        if (d < 0 || d >= documentCount) {
            throw new IndexOutOfBoundsException("document " + d + " outside [0, " + documentCount + ") in " + dir);
        }
        return documents.document(d);
    }

    /**
     * The document that owns stream offset {@code i}: the one whose tokens contain it, or, for an EOD separator,
     * the document that the EOD ends.
     */
    public int documentAt(long i) {
        if (i < 0 || i >= tokenCount) {
            throw new IndexOutOfBoundsException("token offset " + i + " outside [0, " + tokenCount + ") in " + dir);
        }
        return documents.documentAt(i);
    }

    /** Releases the file handle; later reads fail. Optional: an unreachable store releases it too. */
    @Override
    public void close() {
        tokens.close();
    }
}
