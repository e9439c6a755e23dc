package mda.engine.corpus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE trained in process ({@link #train}). Ids: 0 EOD, 1..256 the bytes 0..255, {@code 257 + r} the
 * token made by merge rank {@code r}. Encoding pre-splits text like GPT-2 ({@link BpePieces}) and applies merges to
 * each piece in rank order, caching piece encodings. Any text encodes: unseen characters fall back to bytes.
 */
public final class BpeTokenizer implements Tokenizer {
    static final String KIND = "bpe";
    private static final int FORMAT_VERSION = 1;
    private static final int CACHE_LIMIT = 200_000;

    private final int[][] merges;
    private final long seed;
    private final byte[][] tokenBytes;
    private final Map<Long, Integer> rankOf = new HashMap<>();
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    private BpeTokenizer(int[][] merges, long seed) {
        this.merges = merges;
        this.seed = seed;
        int first = BpeTrainer.FIRST_MERGE_ID;
        tokenBytes = new byte[first + merges.length][];
        tokenBytes[0] = new byte[0];
        for (int b = 0; b < 256; b++) {
            tokenBytes[b + 1] = new byte[] {(byte) b};
        }
        for (int r = 0; r < merges.length; r++) {
            byte[] l = tokenBytes[merges[r][0]];
            byte[] rt = tokenBytes[merges[r][1]];
            byte[] both = new byte[l.length + rt.length];
            System.arraycopy(l, 0, both, 0, l.length);
            System.arraycopy(rt, 0, both, l.length, rt.length);
            tokenBytes[first + r] = both;
            rankOf.put(BpeTrainer.key(merges[r][0], merges[r][1]), r);
        }
    }

    /**
     * Trains on {@code docs} until the vocabulary (EOD + 256 bytes + merges) reaches {@code vocabSize}, or no pair
     * occurs twice. The seed breaks ties between equally frequent pairs; the same docs and seed give the same
     * tokenizer.
     */
    public static BpeTokenizer train(Iterable<String> docs, int vocabSize, long seed) {
        return new BpeTokenizer(BpeTrainer.train(docs, vocabSize, seed), seed);
    }

    /** Number of merges learned. */
    public int mergeCount() {
        return merges.length;
    }

    /** The merge of rank {@code r} as {@code (left id, right id)}. */
    public int[] merge(int r) {
        return merges[r].clone();
    }

    @Override
    public int[] encode(String text) {
        List<String> pieces = BpePieces.split(text);
        int[][] parts = new int[pieces.size()][];
        int total = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = encodePiece(pieces.get(i));
            total += parts[i].length;
        }
        int[] out = new int[total];
        int n = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, n, p.length);
            n += p.length;
        }
        return out;
    }

    private int[] encodePiece(String piece) {
        int[] cached = cache.get(piece);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        int[] s = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            s[i] = (bytes[i] & 0xFF) + 1;
        }
        // Apply the lowest-ranked merge present, everywhere in the piece, until none applies (as in training).
        while (s.length > 1) {
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < s.length; i++) {
                Integer r = rankOf.get(BpeTrainer.key(s[i], s[i + 1]));
                if (r != null && r < bestRank) {
                    bestRank = r;
                }
            }
            if (bestRank == Integer.MAX_VALUE) {
                break;
            }
            s = BpeTrainer.mergeInto(s, merges[bestRank][0], merges[bestRank][1], BpeTrainer.FIRST_MERGE_ID + bestRank);
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear(); // bounded memory on huge corpora; frequent pieces come back quickly
        }
        cache.put(piece, s);
        return s;
    }

    @Override
    public String decode(int[] ids) {
        return TokenText.decodeBytes(ids, id -> {
            checkId(id);
            return tokenBytes[id];
        });
    }

    @Override
    public String tokenString(int id) {
        checkId(id);
        return id == 0 ? EOD_TEXT : TokenText.display(tokenBytes[id]);
    }

    /** The raw bytes of one token (empty for EOD). */
    public byte[] tokenBytes(int id) {
        checkId(id);
        return tokenBytes[id].clone();
    }

    @Override
    public int vocabSize() {
        return tokenBytes.length;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void save(Path file) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("kind", KIND);
        json.addProperty("version", FORMAT_VERSION);
        json.addProperty("vocabSize", vocabSize());
        json.addProperty("seed", seed);
        JsonArray m = new JsonArray();
        for (int[] merge : merges) {
            JsonArray pair = new JsonArray();
            pair.add(merge[0]);
            pair.add(merge[1]);
            m.add(pair);
        }
        json.add("merges", m);
        // The vocabulary (hex bytes per id) is redundant with the merges; load checks that the two agree.
        JsonArray vocab = new JsonArray();
        HexFormat hex = HexFormat.of();
        for (byte[] b : tokenBytes) {
            vocab.add(hex.formatHex(b));
        }
        json.add("vocab", vocab);
        Files.writeString(file, json.toString(), StandardCharsets.UTF_8);
    }

    static BpeTokenizer fromJson(JsonObject json, Path file) throws IOException {
        try {
            int version = json.get("version").getAsInt();
            if (version != FORMAT_VERSION) {
                throw new IOException("BPE tokenizer " + file + " has unsupported version " + version);
            }
            JsonArray m = json.getAsJsonArray("merges");
            int[][] merges = new int[m.size()][];
            for (int r = 0; r < merges.length; r++) {
                JsonArray pair = m.get(r).getAsJsonArray();
                int l = pair.get(0).getAsInt();
                int rt = pair.get(1).getAsInt();
                int limit = BpeTrainer.FIRST_MERGE_ID + r;
                if (pair.size() != 2 || l < 1 || rt < 1 || l >= limit || rt >= limit) {
                    throw new IOException("BPE tokenizer " + file + ": merge " + r + " " + pair
                            + " refers to an id that does not exist yet");
                }
                merges[r] = new int[] {l, rt};
            }
            BpeTokenizer tok = new BpeTokenizer(merges, json.get("seed").getAsLong());
            if (json.get("vocabSize").getAsInt() != tok.vocabSize()) {
                throw new IOException("BPE tokenizer " + file + ": vocabSize " + json.get("vocabSize")
                        + " does not match " + merges.length + " merges");
            }
            if (json.has("vocab")) {
                JsonArray vocab = json.getAsJsonArray("vocab");
                HexFormat hex = HexFormat.of();
                int id = 0;
                for (JsonElement e : vocab) {
                    if (id >= tok.vocabSize() || !e.getAsString().equals(hex.formatHex(tok.tokenBytes[id]))) {
                        throw new IOException("BPE tokenizer " + file + ": vocab entry " + id
                                + " does not match its merges");
                    }
                    id++;
                }
            }
            return tok;
        } catch (NullPointerException | ClassCastException | IllegalStateException | IndexOutOfBoundsException e) {
            throw new IOException("BPE tokenizer " + file + " is malformed: " + e, e);
        }
    }

    private void checkId(int id) {
        if (id < 0 || id >= tokenBytes.length) {
            throw new IllegalArgumentException("BPE id out of range [0, " + tokenBytes.length + "): " + id);
        }
    }
}
