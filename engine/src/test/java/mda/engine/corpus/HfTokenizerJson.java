package mda.engine.corpus;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a tiny byte-level BPE {@code tokenizer.json} in Hugging Face format, built the way GPT-2/NeoX files are:
 * id 0 the special {@code <|endoftext|>} (in the model vocab and the added tokens), ids 1..256 the bytes (GPT-2's printable byte alphabet), then merges
 * "Ġ t" → 257 "Ġt", "h e" → 258 "he", "Ġt he" → 259 "Ġthe".
 */
public final class HfTokenizerJson {
    public static final int VOCAB = 260;
    public static final int ID_SPACE_T = 257;
    public static final int ID_HE = 258;
    public static final int ID_SPACE_THE = 259;

    private HfTokenizerJson() {
    }

    /** GPT-2's bytes_to_unicode: printable bytes map to themselves, the others to U+0100 onwards. */
    static char[] byteAlphabet() {
        char[] map = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char) b : (char) (256 + n++);
        }
        return map;
    }

    /** The byte id of byte value {@code b}. */
    public static int byteId(int b) {
        return 1 + b;
    }

    public static Path write(Path file) throws IOException {
        JsonObject vocab = new JsonObject();
        vocab.addProperty("<|endoftext|>", 0); // as in GPT-NeoX's file: the special token is in the model vocab too
        char[] alphabet = byteAlphabet();
        for (int b = 0; b < 256; b++) {
            vocab.addProperty(String.valueOf(alphabet[b]), byteId(b));
        }
        vocab.addProperty("Ġt", ID_SPACE_T);
        vocab.addProperty("he", ID_HE);
        vocab.addProperty("Ġthe", ID_SPACE_THE);
        JsonArray merges = new JsonArray();
        merges.add("Ġ t");
        merges.add("h e");
        merges.add("Ġt he");
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", null);
        model.add("unk_token", null);
        model.add("continuing_subword_prefix", null);
        model.add("end_of_word_suffix", null);
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.add("vocab", vocab);
        model.add("merges", merges);
        JsonObject eod = new JsonObject();
        eod.addProperty("id", 0);
        eod.addProperty("content", "<|endoftext|>");
        eod.addProperty("single_word", false);
        eod.addProperty("lstrip", false);
        eod.addProperty("rstrip", false);
        eod.addProperty("normalized", false);
        eod.addProperty("special", true);
        JsonArray added = new JsonArray();
        added.add(eod);
        JsonObject byteLevel = new JsonObject();
        byteLevel.addProperty("type", "ByteLevel");
        byteLevel.addProperty("add_prefix_space", false);
        byteLevel.addProperty("trim_offsets", true);
        byteLevel.addProperty("use_regex", true);
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", null);
        root.add("padding", null);
        root.add("added_tokens", added);
        root.add("normalizer", null);
        root.add("pre_tokenizer", byteLevel);
        root.add("post_processor", null);
        root.add("decoder", byteLevel);
        root.add("model", model);
        Files.writeString(file, new com.google.gson.GsonBuilder().serializeNulls().create().toJson(root),
                StandardCharsets.UTF_8);
        return file;
    }
}
