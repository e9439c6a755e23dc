package mda.engine.corpus;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Text ↔ token ids. Every tokenizer reserves id 0 for the end-of-document separator (EOD) that the token store
 * puts between documents (mda-algorithm.md §1.6); {@link #encode} never produces it.
 */
public interface Tokenizer {
    /** How {@link #decode} and {@link #tokenString} render the EOD id. */
    String EOD_TEXT = "<|endoftext|>";

    /** Token ids of {@code text}, never containing {@link #eodId()}. */
    int[] encode(String text);

    /** Text of the ids; EOD renders as {@link #EOD_TEXT}, broken UTF-8 as U+FFFD. */
    String decode(int[] ids);

    /** A short printable label for one token (for token axes and tables). */
    String tokenString(int id);

    /** Number of ids, EOD included; every id is in {@code [0, vocabSize)}. */
    int vocabSize();

    /** The EOD id: always 0. */
    default int eodId() {
        return 0;
    }

    /** "byte", "bpe", "synthetic" or "hf": the key {@link #load} dispatches on. */
    String kind();

    /** Writes the tokenizer as JSON with a "kind" field. */
    void save(Path file) throws IOException;

    /**
     * Reads a tokenizer written by {@link #save}, whatever its kind. A Hugging Face {@code tokenizer.json} (no
     * "kind", a "model" object) loads as an {@link HfTokenizer}.
     */
    static Tokenizer load(Path file) throws IOException {
        JsonObject json = readJson(file);
        if (!json.has("kind") && json.has("model") && json.get("model").isJsonObject()) {
            return HfTokenizer.fromJson(json, file);
        }
        if (!json.has("kind")) {
            throw new IOException("tokenizer file " + file + " has no \"kind\" field");
        }
        String kind = json.get("kind").getAsString();
        switch (kind) {
            case ByteTokenizer.KIND:
                return new ByteTokenizer();
            case BpeTokenizer.KIND:
                return BpeTokenizer.fromJson(json, file);
            case SyntheticTokenizer.KIND:
                return SyntheticTokenizer.fromJson(json, file);
            default:
                throw new IOException("tokenizer file " + file + " has unknown kind \"" + kind + "\"");
        }
    }

    /** Parses a JSON object file with errors that name the file. */
    static JsonObject readJson(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("file not found: " + file, e);
        }
        try {
            return JsonParser.parseString(text).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException("file " + file + " is not a JSON object: " + e.getMessage(), e);
        }
    }
}
