package mda.engine.corpus;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} (e.g. Pythia's GPT-NeoX BPE) run through DJL's tokenizers binding. No
 * special tokens are added (no BOS/EOS, no truncation or padding): documents are separated by the token store.
 *
 * <p>EOD: the store reserves id 0 for the end-of-document separator, which is exactly Pythia's
 * {@code <|endoftext|>}. A tokenizer is accepted only when its id 0 is an added special token (else ordinary text
 * would produce separators), and {@link #encode} refuses text that contains it, since such text would break the
 * document boundaries. {@link #save} copies the original file byte for byte; {@link Tokenizer#load} recognises
 * an HF file by its {@code model} object and missing {@code kind}.
 *
 * <p>The native tokenizer is released by DJL when this object is garbage collected.
 */
public final class HfTokenizer implements Tokenizer {
    public static final String KIND = "hf";

    private final Path file;
    private final HuggingFaceTokenizer hf;
    private final int vocabSize;
    private final String eodContent;
    private final String[] labels;

    private HfTokenizer(Path file, HuggingFaceTokenizer hf, int vocabSize, String eodContent) {
        this.file = file;
        this.hf = hf;
        this.vocabSize = vocabSize;
        this.eodContent = eodContent;
        this.labels = new String[vocabSize];
    }

    /** Loads {@code file}; a missing, unreadable or malformed file fails with an error naming it. */
    public static HfTokenizer load(Path file) throws IOException {
        return fromJson(Tokenizer.readJson(file), file);
    }

    /** Builds the tokenizer of {@code file}, whose parsed JSON is {@code json} (checked here first). */
    static HfTokenizer fromJson(JsonObject json, Path file) throws IOException {
        int vocab;
        String eod;
        try {
            vocab = vocabSize(json, file);
            eod = specialIdZero(json, file);
        } catch (RuntimeException e) {
            throw new IOException(file + ": malformed HF tokenizer.json: " + e.getMessage(), e);
        }
        HuggingFaceTokenizer hf;
        try {
            hf = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false", "truncation", "false",
                    "padding", "false"));
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": the HF tokenizers library refused it: " + oneLine(e), e);
        }
        // The library renumbers added tokens missing from the model vocab: check it agrees that EOD is id 0.
        long[] eodIds = hf.encode(eod, false, false).getIds();
        if (eodIds.length != 1 || eodIds[0] != 0) {
            throw new IOException(file + ": the tokenizers library encodes the special token '" + eod + "' as "
                    + java.util.Arrays.toString(eodIds) + ", not id 0; put it in model.vocab with id 0");
        }
        return new HfTokenizer(file, hf, vocab, eod);
    }

    /** One past the largest id of {@code model.vocab} (an object, or Unigram's array) and {@code added_tokens}. */
    private static int vocabSize(JsonObject root, Path file) throws IOException {
        JsonElement model = root.get("model");
        if (model == null || !model.isJsonObject() || !model.getAsJsonObject().has("vocab")) {
            throw new IOException(file + ": not an HF tokenizer.json: no \"model.vocab\"");
        }
        JsonElement v = model.getAsJsonObject().get("vocab");
        int max = -1;
        if (v.isJsonArray()) {
            max = v.getAsJsonArray().size() - 1;
        } else {
            for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
                max = Math.max(max, e.getValue().getAsInt());
            }
        }
        JsonElement added = root.get("added_tokens");
        if (added != null && added.isJsonArray()) {
            for (JsonElement t : added.getAsJsonArray()) {
                max = Math.max(max, t.getAsJsonObject().get("id").getAsInt());
            }
        }
        if (max < 0) {
            throw new IOException(file + ": HF tokenizer.json has an empty vocabulary");
        }
        return max + 1;
    }

    /** The content of added special token 0, or an error: id 0 must be the end-of-document token. */
    private static String specialIdZero(JsonObject root, Path file) throws IOException {
        JsonElement added = root.get("added_tokens");
        if (added != null && added.isJsonArray()) {
            for (JsonElement t : (JsonArray) added) {
                JsonObject o = t.getAsJsonObject();
                if (o.get("id").getAsInt() == 0) {
                    boolean special = o.has("special") && o.get("special").getAsBoolean();
                    if (special) {
                        return o.get("content").getAsString();
                    }
                    break;
                }
            }
        }
        throw new IOException(file + ": id 0 is not an added special token; MDA reserves id 0 for the"
                + " end-of-document separator (as Pythia's <|endoftext|>)");
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }

    /** The file this tokenizer was loaded from. */
    public Path file() {
        return file;
    }

    @Override
    public int[] encode(String text) {
        Encoding enc = hf.encode(text, false, false);
        long[] ids = enc.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == 0) {
                throw new IllegalArgumentException("text contains the end-of-document token '" + eodContent
                        + "' (id 0) at token " + i + "; id 0 is reserved for document separators");
            }
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        // Runs between EODs decode separately so that EOD renders as EOD_TEXT whatever the file calls it.
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (int i = 0; i <= ids.length; i++) {
            if (i == ids.length || ids[i] == 0) {
                if (i > from) {
                    long[] run = new long[i - from];
                    for (int k = 0; k < run.length; k++) {
                        run[k] = checked(ids[from + k]);
                    }
                    sb.append(hf.decode(run, false));
                }
                if (i < ids.length) {
                    sb.append(EOD_TEXT);
                }
                from = i + 1;
            }
        }
        return sb.toString();
    }

    private long checked(int id) {
        if (id < 0 || id >= vocabSize) {
            throw new IllegalArgumentException("token id " + id + " outside [0, " + vocabSize + ") of " + file);
        }
        return id;
    }

    @Override
    public synchronized String tokenString(int id) {
        if (id == 0) {
            return EOD_TEXT;
        }
        checked(id);
        if (labels[id] == null) {
            labels[id] = hf.decode(new long[]{id}, false);
        }
        return labels[id];
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Copies the original {@code tokenizer.json}. */
    @Override
    public void save(Path target) throws IOException {
        if (Files.exists(target) && Files.isSameFile(file, target)) {
            return;
        }
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
