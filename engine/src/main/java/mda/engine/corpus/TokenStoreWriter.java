package mda.engine.corpus;

import com.google.gson.JsonObject;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a token store: {@code tokens.bin} (the stream, documents joined by EOD, little-endian u16 when
 * vocab ≤ 65535 else i32), {@code documents.bin} (per document: i64 start, i32 length, little-endian),
 * {@code documents.jsonl} (id, source, category, tokens) and, last, {@code store.json}. A store without
 * {@code store.json} is unfinished and {@link TokenStore#open} refuses it.
 */
public final class TokenStoreWriter implements Closeable {
    static final String TOKENS = "tokens.bin";
    static final String DOCUMENTS = "documents.bin";
    static final String METADATA = "documents.jsonl";
    static final String MANIFEST = "store.json";
    static final int FORMAT_VERSION = 1;

    private final Path dir;
    private final int vocab;
    private final boolean u16;
    private final OutputStream tokens;
    private final OutputStream documents;
    private final BufferedWriter metadata;
    private static final int SCRATCH_TOKENS = 1 << 16;
    private final byte[] buf = new byte[12];
    private byte[] scratch;
    private long tokenCount;
    private int documentCount;
    private boolean closed;

    private TokenStoreWriter(Path dir, int vocab) throws IOException {
        this.dir = dir;
        this.vocab = vocab;
        this.u16 = vocab <= 65535;
        this.tokens = new BufferedOutputStream(Files.newOutputStream(dir.resolve(TOKENS)), 1 << 16);
        this.documents = new BufferedOutputStream(Files.newOutputStream(dir.resolve(DOCUMENTS)), 1 << 16);
        this.metadata = Files.newBufferedWriter(dir.resolve(METADATA), StandardCharsets.UTF_8);
    }

    /**
     * Starts a store in {@code dir} (created if needed) for ids in {@code [0, vocab)}. Refuses a directory that
     * already holds a finished store; an unfinished one is overwritten.
     */
    public static TokenStoreWriter create(Path dir, int vocab) throws IOException {
        if (vocab < 2) {
            throw new IllegalArgumentException("token store vocab must be at least 2, got " + vocab);
        }
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(MANIFEST))) {
            throw new IOException("token store already exists in " + dir + " (" + MANIFEST + " present)");
        }
        return new TokenStoreWriter(dir, vocab);
    }

    /** Appends one document (an EOD separator first, unless it is the first). Its tokens must not contain EOD. */
    public void addDocument(Document meta, int[] docTokens) throws IOException {
        if (closed) {
            throw new IllegalStateException("token store writer for " + dir + " is already closed");
        }
        for (int i = 0; i < docTokens.length; i++) {
            int t = docTokens[i];
            if (t <= 0 || t >= vocab) {
                throw new IllegalArgumentException("document " + meta.id() + " has token " + t + " at position " + i
                        + (t == 0 ? " (EOD is reserved for separators)" : " outside the vocab [1, " + vocab + ")"));
            }
        }
        if (documentCount > 0) {
            writeToken(0);
            tokenCount++;
        }
        putLong(buf, 0, tokenCount);
        putInt(buf, 8, docTokens.length);
        documents.write(buf, 0, 12);
        writeTokens(docTokens);
        tokenCount += docTokens.length;
        documentCount++;
        JsonObject line = new JsonObject();
        line.addProperty("id", meta.id());
        line.addProperty("source", meta.source());
        line.addProperty("category", meta.category());
        line.addProperty("tokens", docTokens.length);
        metadata.write(line.toString());
        metadata.write('\n');
    }

    /** Encodes through a bounded scratch buffer: one stream write per 64 Ki tokens, not one per byte. */
    private void writeTokens(int[] docTokens) throws IOException {
        int size = u16 ? 2 : 4;
        for (int from = 0; from < docTokens.length; from += SCRATCH_TOKENS) {
            int n = Math.min(SCRATCH_TOKENS, docTokens.length - from);
            if (scratch == null || scratch.length < n * size) {
                scratch = new byte[Math.min(SCRATCH_TOKENS, Math.max(n, 1024)) * size];
            }
            for (int k = 0, o = 0; k < n; k++, o += size) {
                int t = docTokens[from + k];
                scratch[o] = (byte) t;
                scratch[o + 1] = (byte) (t >>> 8);
                if (!u16) {
                    scratch[o + 2] = (byte) (t >>> 16);
                    scratch[o + 3] = (byte) (t >>> 24);
                }
            }
            tokens.write(scratch, 0, n * size);
        }
    }

    private void writeToken(int t) throws IOException {
        tokens.write(t);
        tokens.write(t >>> 8);
        if (!u16) {
            tokens.write(t >>> 16);
            tokens.write(t >>> 24);
        }
    }

    /** Tokens written so far, EOD separators included. */
    public long tokenCount() {
        return tokenCount;
    }

    /** Documents written so far. */
    public int documentCount() {
        return documentCount;
    }

    /** Flushes the data files, then writes {@code store.json} through a temp file and an atomic rename. */
    public void finish() throws IOException {
        close();
        JsonObject json = new JsonObject();
        json.addProperty("format", "mda-token-store");
        json.addProperty("version", FORMAT_VERSION);
        json.addProperty("dtype", u16 ? "u16" : "i32");
        json.addProperty("tokens", tokenCount);
        json.addProperty("documents", documentCount);
        json.addProperty("vocab", vocab);
        json.addProperty("eodId", 0);
        Path tmp = dir.resolve(MANIFEST + ".tmp");
        Files.writeString(tmp, json.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Closes the data files without finishing: the store stays unfinished unless {@link #finish} ran. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (tokens; documents; metadata) {
            tokens.flush();
            documents.flush();
            metadata.flush();
        }
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
