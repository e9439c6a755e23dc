package mda.engine.corpus;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A finished token store opened read-only (layout in {@link TokenStoreWriter}). Tokens stay on disk, memory-mapped
 * in windows of at most 1 GiB; document offsets and metadata are held in arrays. Safe for concurrent readers.
 */
public final class TokenStore {
    private static final int WINDOW_SHIFT = 30; // 1 GiB windows; a multiple of every item size

    private final int windowShift;
    private final long windowMask;

    private final Path dir;
    private final int vocab;
    private final int itemSize;
    private final long tokenCount;
    private final MappedByteBuffer[] windows;
    private final long[] starts;
    private final int[] lengths;
    private final String[] ids;
    private final String[] sources;
    private final String[] categories;

    private TokenStore(Path dir, JsonObject manifest, int windowShift) throws IOException {
        this.dir = dir;
        this.windowShift = windowShift;
        this.windowMask = (1L << windowShift) - 1;
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
            int docs = manifest.get("documents").getAsInt();
            this.starts = new long[docs];
            this.lengths = new int[docs];
            this.ids = new String[docs];
            this.sources = new String[docs];
            this.categories = new String[docs];
        } catch (NullPointerException | ClassCastException | IllegalStateException | NumberFormatException e) {
            throw new IOException(manifestFile + " is malformed: " + e, e);
        }
        this.windows = mapTokens();
        readOffsets();
        readMetadata();
    }

    /** Opens the store in {@code dir}, validating sizes and offsets; errors name the offending file. */
    public static TokenStore open(Path dir) throws IOException {
        return open(dir, WINDOW_SHIFT);
    }

    /** As {@link #open(Path)} with mapping windows of {@code 2^windowShift} bytes (tests use tiny windows). */
    static TokenStore open(Path dir, int windowShift) throws IOException {
        if (windowShift < 2 || windowShift > WINDOW_SHIFT) {
            throw new IllegalArgumentException("window shift must be in [2, 30], got " + windowShift);
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
        return new TokenStore(dir, json, windowShift);
    }

    private MappedByteBuffer[] mapTokens() throws IOException {
        Path file = dir.resolve(TokenStoreWriter.TOKENS);
        long expected = tokenCount * itemSize;
        requireSize(file, expected, tokenCount + " tokens of " + itemSize + " bytes");
        int n = (int) ((expected + windowMask) >>> windowShift);
        MappedByteBuffer[] out = new MappedByteBuffer[n];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int w = 0; w < n; w++) {
                long pos = (long) w << windowShift;
                long size = Math.min(1L << windowShift, expected - pos);
                out[w] = ch.map(FileChannel.MapMode.READ_ONLY, pos, size);
                out[w].order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        return out;
    }

    private void readOffsets() throws IOException {
        Path file = dir.resolve(TokenStoreWriter.DOCUMENTS);
        requireSize(file, 12L * starts.length, starts.length + " documents of 12 bytes");
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long expectedStart = 0;
        for (int d = 0; d < starts.length; d++) {
            starts[d] = b.getLong();
            lengths[d] = b.getInt();
            if (starts[d] != expectedStart || lengths[d] < 0) {
                throw new IOException(file + " is inconsistent: document " + d + " has start " + starts[d]
                        + " and length " + lengths[d] + ", expected start " + expectedStart);
            }
            if (d > 0 && token(starts[d] - 1) != 0) {
                throw new IOException(dir.resolve(TokenStoreWriter.TOKENS) + " is inconsistent: no EOD before document "
                        + d + " at token " + (starts[d] - 1));
            }
            expectedStart = starts[d] + lengths[d] + 1;
        }
        long end = starts.length == 0 ? 0 : expectedStart - 1;
        if (end != tokenCount) {
            throw new IOException(file + " is inconsistent: documents end at token " + end + " but "
                    + TokenStoreWriter.MANIFEST + " says " + tokenCount + " tokens");
        }
    }

    private void readMetadata() throws IOException {
        Path file = dir.resolve(TokenStoreWriter.METADATA);
        if (!Files.exists(file)) {
            throw new IOException("token store file missing: " + file);
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int d = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                if (d >= ids.length) {
                    throw new IOException(file + " has more than the " + ids.length + " documents in store.json");
                }
                try {
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    ids[d] = o.get("id").getAsString();
                    sources[d] = o.get("source").getAsString();
                    categories[d] = o.get("category").getAsString();
                    if (o.get("tokens").getAsInt() != lengths[d]) {
                        throw new IOException(file + " line " + (d + 1) + " says " + o.get("tokens")
                                + " tokens but documents.bin says " + lengths[d]);
                    }
                } catch (RuntimeException e) {
                    throw new IOException(file + " line " + (d + 1) + " is malformed: " + e.getMessage(), e);
                }
                d++;
            }
            if (d != ids.length) {
                throw new IOException(file + " has " + d + " documents but store.json says " + ids.length);
            }
        }
    }

    private static void requireSize(Path file, long expected, String what) throws IOException {
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
        return starts.length;
    }

    /** The token at stream offset {@code i}. */
    public int token(long i) {
        if (i < 0 || i >= tokenCount) {
            throw new IndexOutOfBoundsException("token offset " + i + " outside [0, " + tokenCount + ") in " + dir);
        }
        long pos = i * itemSize;
        MappedByteBuffer w = windows[(int) (pos >>> windowShift)];
        int off = (int) (pos & windowMask);
        return itemSize == 2 ? Short.toUnsignedInt(w.getShort(off)) : w.getInt(off);
    }

    /** Copies tokens {@code [offset, offset + len)} into {@code dst[0..len)}. */
    public void read(long offset, int[] dst, int len) {
        if (offset < 0 || len < 0 || offset + len > tokenCount || len > dst.length) {
            throw new IndexOutOfBoundsException("read of " + len + " tokens at " + offset + " outside [0, "
                    + tokenCount + ") or beyond a destination of " + dst.length + " in " + dir);
        }
        for (int k = 0; k < len; k++) {
            dst[k] = token(offset + k);
        }
    }

    /** Metadata and position of document {@code d}. */
    public DocumentInfo document(int d) {
        if (d < 0 || d >= starts.length) {
            throw new IndexOutOfBoundsException("document " + d + " outside [0, " + starts.length + ") in " + dir);
        }
        return new DocumentInfo(ids[d], sources[d], categories[d], starts[d], lengths[d]);
    }

    /**
     * The document that owns stream offset {@code i}: the one whose tokens contain it, or, for an EOD separator,
     * the document that the EOD ends.
     */
    public int documentAt(long i) {
        if (i < 0 || i >= tokenCount) {
            throw new IndexOutOfBoundsException("token offset " + i + " outside [0, " + tokenCount + ") in " + dir);
        }
        // Starts are strictly increasing (every document is followed by an EOD or the end of the stream).
        int k = Arrays.binarySearch(starts, i);
        if (k >= 0) {
            return k;
        }
        return -k - 2;
    }
}
