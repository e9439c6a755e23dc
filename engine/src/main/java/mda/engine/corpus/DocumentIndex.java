package mda.engine.corpus;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.LongUnaryOperator;

/**
 * Document offsets ({@code documents.bin}) and metadata ({@code documents.jsonl}) of a token store, kept on disk:
 * memory holds only the start token and the metadata line offset of every {@value #BLOCK}th document (16 bytes per
 * block) and a few decoded blocks, so a store of billions of tokens opens in constant memory. Opening streams both
 * files once and validates every document as the whole-file reader did.
 */
final class DocumentIndex {
    static final int BLOCK = 64;
    private static final int CACHE = 8;

    private final Path docsFile;
    private final Path metaFile;
    private final int count;
    private final int blockDocs;
    private final long[] blockStarts;
    private final long[] lineOffsets;
    private final Block[] cache = new Block[CACHE];

    /** Documents {@code [first, first + starts.length)}, decoded. */
    private record Block(int index, long[] starts, int[] lengths, String[] ids, String[] sources,
                         String[] categories) {
    }

    private DocumentIndex(Path docsFile, Path metaFile, int count, int blockDocs, long[] blockStarts,
                          long[] lineOffsets) {
        this.docsFile = docsFile;
        this.metaFile = metaFile;
        this.count = count;
        this.blockDocs = blockDocs;
        this.blockStarts = blockStarts;
        this.lineOffsets = lineOffsets;
    }

    /**
     * Streams {@code documents.bin} and {@code documents.jsonl} of {@code dir}, checking that {@code count} documents
     * tile {@code tokenCount} tokens with an EOD ({@code token} returns 0) before each but the first.
     */
    static DocumentIndex open(Path dir, int count, long tokenCount, LongUnaryOperator token, int blockDocs)
            throws IOException {
        Path docsFile = dir.resolve(TokenStoreWriter.DOCUMENTS);
        Path metaFile = dir.resolve(TokenStoreWriter.METADATA);
        TokenStore.requireSize(docsFile, 12L * count, count + " documents of 12 bytes");
        if (!Files.exists(metaFile)) {
            throw new IOException("token store file missing: " + metaFile);
        }
        int blocks = (count + blockDocs - 1) / blockDocs;
        long[] blockStarts = new long[blocks];
        long[] lineOffsets = new long[blocks + 1];
        byte[] rec = new byte[12];
        ByteBuffer rb = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
        try (InputStream docs = new BufferedInputStream(Files.newInputStream(docsFile), 1 << 16);
             Lines lines = new Lines(Files.newInputStream(metaFile))) {
            long expectedStart = 0;
            for (int d = 0; d < count; d++) {
                if (docs.readNBytes(rec, 0, 12) != 12) {
                    throw new IOException(docsFile + " ended before document " + d);
                }
                long start = rb.getLong(0);
                int length = rb.getInt(8);
                if (start != expectedStart || length < 0 || start + length > tokenCount) {
                    throw new IOException(docsFile + " is inconsistent: document " + d + " has start " + start
                            + " and length " + length + ", expected start " + expectedStart + " within "
                            + tokenCount + " tokens");
                }
                if (d > 0 && token.applyAsLong(start - 1) != 0) {
                    throw new IOException(dir.resolve(TokenStoreWriter.TOKENS) + " is inconsistent: no EOD before"
                            + " document " + d + " at token " + (start - 1));
                }
                String line = lines.next();
                if (line == null) {
                    throw new IOException(metaFile + " has " + d + " documents but store.json says " + count);
                }
                if (d % blockDocs == 0) {
                    blockStarts[d / blockDocs] = start;
                    lineOffsets[d / blockDocs] = lines.lineStart();
                }
                parse(metaFile, line, d, length);
                expectedStart = start + length + 1;
            }
            long end = count == 0 ? 0 : expectedStart - 1;
            if (end != tokenCount) {
                throw new IOException(docsFile + " is inconsistent: documents end at token " + end + " but "
                        + TokenStoreWriter.MANIFEST + " says " + tokenCount + " tokens");
            }
            if (lines.next() != null) {
                throw new IOException(metaFile + " has more than the " + count + " documents in store.json");
            }
            lineOffsets[blocks] = lines.lineStart();
        }
        return new DocumentIndex(docsFile, metaFile, count, blockDocs, blockStarts, lineOffsets);
    }

    /** Parses metadata line {@code d}: {@code {id, source, category}}, checking its token count. */
    private static String[] parse(Path file, String line, int d, int length) throws IOException {
        try {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            String[] out = {o.get("id").getAsString(), o.get("source").getAsString(),
                    o.get("category").getAsString()};
            if (o.get("tokens").getAsInt() != length) {
                throw new IOException(file + " line " + (d + 1) + " says " + o.get("tokens")
                        + " tokens but documents.bin says " + length);
            }
            return out;
        } catch (RuntimeException e) {
            throw new IOException(file + " line " + (d + 1) + " is malformed: " + e.getMessage(), e);
        }
    }

    int count() {
        return count;
    }

    DocumentInfo document(int d) {
        Block b = block(d / blockDocs);
        int k = d - b.index * blockDocs;
        return new DocumentInfo(b.ids[k], b.sources[k], b.categories[k], b.starts[k], b.lengths[k]);
    }

    /** The document whose tokens or trailing EOD hold {@code i}; starts strictly increase (each has an EOD). */
    int documentAt(long i) {
        int b = Arrays.binarySearch(blockStarts, i);
        b = b >= 0 ? b : -b - 2;
        Block block = block(b);
        int k = Arrays.binarySearch(block.starts, i);
        return b * blockDocs + (k >= 0 ? k : -k - 2);
    }

    private synchronized Block block(int b) {
        Block hit = cache[b % CACHE];
        if (hit != null && hit.index == b) {
            return hit;
        }
        Block loaded = load(b);
        cache[b % CACHE] = loaded;
        return loaded;
    }

    private Block load(int b) {
        int first = b * blockDocs;
        int n = Math.min(blockDocs, count - first);
        try (FileChannel docs = FileChannel.open(docsFile, StandardOpenOption.READ);
             FileChannel meta = FileChannel.open(metaFile, StandardOpenOption.READ)) {
            ByteBuffer rb = readFully(docs, 12L * first, 12 * n).order(ByteOrder.LITTLE_ENDIAN);
            long[] starts = new long[n];
            int[] lengths = new int[n];
            for (int k = 0; k < n; k++) {
                starts[k] = rb.getLong();
                lengths[k] = rb.getInt();
            }
            ByteBuffer mb = readFully(meta, lineOffsets[b], Math.toIntExact(lineOffsets[b + 1] - lineOffsets[b]));
            String[] text = new String(mb.array(), StandardCharsets.UTF_8).split("\n");
            String[] ids = new String[n];
            String[] sources = new String[n];
            String[] categories = new String[n];
            int k = 0;
            for (String line : text) {
                if (k < n && !line.isBlank()) {
                    String[] f = parse(metaFile, line.strip(), first + k, lengths[k]);
                    ids[k] = f[0];
                    sources[k] = f[1];
                    categories[k] = f[2].intern(); // a handful of distinct values
                    k++;
                }
            }
            if (k != n) {
                throw new IOException(metaFile + " changed since the store was opened: block " + b + " has " + k
                        + " of " + n + " documents");
            }
            return new Block(b, starts, lengths, ids, sources, categories);
        } catch (IOException e) {
            throw new UncheckedIOException("token store documents unreadable: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new IOException("file ended at byte " + (pos + b.position()) + " while reading " + len
                        + " bytes at " + pos);
            }
        }
        return b.flip();
    }

    /** Non-blank lines of a UTF-8 stream with the byte offset where each starts. */
    private static final class Lines implements AutoCloseable {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private int at;
        private int end;
        private long pos;
        private long lineStart;

        Lines(InputStream in) {
            this.in = in;
        }

        /** The next non-blank line without its terminator, or null at the end. */
        String next() throws IOException {
            while (true) {
                line.reset();
                lineStart = pos;
                boolean any = false;
                while (true) {
                    if (at == end) {
                        end = in.read(buf, 0, buf.length);
                        at = 0;
                        if (end < 0) {
                            end = 0;
                            break;
                        }
                    }
                    any = true;
                    int from = at;
                    while (at < end && buf[at] != '\n') {
                        at++;
                    }
                    line.write(buf, from, at - from);
                    pos += at - from;
                    if (at < end) {
                        at++;
                        pos++;
                        break;
                    }
                }
                if (!any) {
                    return null;
                }
                String s = line.toString(StandardCharsets.UTF_8);
                if (!s.isBlank()) {
                    return s.strip();
                }
            }
        }

        /** Where the line last returned starts (at the end: the stream length). */
        long lineStart() {
            return lineStart;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
