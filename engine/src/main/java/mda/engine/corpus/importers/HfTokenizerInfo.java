package mda.engine.corpus.importers;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import mda.engine.corpus.Tokenizer;

/**
 * What the importers need from an HF {@code tokenizer.json} when no HF tokenizers binding is on the class path:
 * its path and the number of ids it can produce ({@code 1 + max id} over {@code model.vocab} and
 * {@code added_tokens}).
 *
 * @param file      the tokenizer file
 * @param vocabSize one past the largest id
 */
public record HfTokenizerInfo(Path file, int vocabSize) {
    /** Reads {@code file}; errors name the file and the missing part. */
    public static HfTokenizerInfo read(Path file) throws IOException {
        JsonObject root = Tokenizer.readJson(file);
        int max = -1;
        try {
            JsonElement model = root.get("model");
            if (model == null || !model.isJsonObject() || !model.getAsJsonObject().has("vocab")
                    || !model.getAsJsonObject().get("vocab").isJsonObject()) {
                throw new IOException(file + ": not an HF tokenizer.json: no \"model.vocab\" object");
            }
            for (Map.Entry<String, JsonElement> e : model.getAsJsonObject().getAsJsonObject("vocab").entrySet()) {
                max = Math.max(max, e.getValue().getAsInt());
            }
            JsonElement added = root.get("added_tokens");
            if (added != null && added.isJsonArray()) {
                for (JsonElement t : added.getAsJsonArray()) {
                    max = Math.max(max, t.getAsJsonObject().get("id").getAsInt());
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": malformed HF tokenizer.json: " + e.getMessage(), e);
        }
        if (max < 0) {
            throw new IOException(file + ": HF tokenizer.json has an empty vocabulary");
        }
        return new HfTokenizerInfo(file, max + 1);
    }
}
