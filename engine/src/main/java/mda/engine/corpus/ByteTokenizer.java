package mda.engine.corpus;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One token per UTF-8 byte: id 0 is EOD, byte {@code b} (0..255) is id {@code b + 1}; vocabulary 257. */
public final class ByteTokenizer implements Tokenizer {
    static final String KIND = "byte";

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = (bytes[i] & 0xFF) + 1;
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        return TokenText.decodeBytes(ids, id -> {
            checkId(id);
            return new byte[] {(byte) (id - 1)};
        });
    }

    @Override
    public String tokenString(int id) {
        checkId(id);
        return id == 0 ? EOD_TEXT : TokenText.display(new byte[] {(byte) (id - 1)});
    }

    @Override
    public int vocabSize() {
        return 257;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void save(Path file) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("kind", KIND);
        json.addProperty("vocabSize", vocabSize());
        Files.writeString(file, json.toString(), StandardCharsets.UTF_8);
    }

    private static void checkId(int id) {
        if (id < 0 || id > 256) {
            throw new IllegalArgumentException("byte tokenizer id out of range [0, 257): " + id);
        }
    }
}
