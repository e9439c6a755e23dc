package mda.engine.corpus;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The "tokenizer" of synthetic corpora made of integer ids: id {@code k} renders as {@code t<k>}, a text is such
 * labels separated by spaces, and id 0 is EOD.
 */
public final class SyntheticTokenizer implements Tokenizer {
    static final String KIND = "synthetic";
    private final int vocab;

    public SyntheticTokenizer(int vocab) {
        if (vocab < 2) {
            throw new IllegalArgumentException("synthetic vocab must be at least 2 (EOD + one token), got " + vocab);
        }
        this.vocab = vocab;
    }

    @Override
    public int[] encode(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        return Arrays.stream(trimmed.split("\\s+")).mapToInt(this::parse).toArray();
    }

    private int parse(String label) {
        if (label.length() > 1 && label.charAt(0) == 't') {
            try {
                int id = Integer.parseInt(label.substring(1));
                if (id >= 1 && id < vocab) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below, which names the label
            }
        }
        throw new IllegalArgumentException("synthetic text has \"" + label + "\"; expected t1..t" + (vocab - 1));
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(tokenString(id));
        }
        return out.toString();
    }

    @Override
    public String tokenString(int id) {
        if (id < 0 || id >= vocab) {
            throw new IllegalArgumentException("synthetic id out of range [0, " + vocab + "): " + id);
        }
        return id == 0 ? EOD_TEXT : "t" + id;
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void save(Path file) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("kind", KIND);
        json.addProperty("vocabSize", vocab);
        Files.writeString(file, json.toString(), StandardCharsets.UTF_8);
    }

    static SyntheticTokenizer fromJson(JsonObject json, Path file) throws IOException {
        if (!json.has("vocabSize")) {
            throw new IOException("synthetic tokenizer " + file + " has no vocabSize");
        }
        try {
            return new SyntheticTokenizer(json.get("vocabSize").getAsInt());
        } catch (IllegalArgumentException e) {
            throw new IOException("synthetic tokenizer " + file + ": " + e.getMessage(), e);
        }
    }
}
