package mda.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model checkpoints as an HF-style folder: {@code model.safetensors} (F32, HF gpt_neox names) and
 * {@code config.json} (HF gpt_neox keys, plus {@code mda_mlp} and {@code mda_init}). Loading also reads HF Pythia
 * exports (F32, F16 or BF16), ignoring tensors the model does not use.
 */
public final class ModelIO {
    public static final String WEIGHTS = "model.safetensors";
    public static final String CONFIG = "config.json";

    private ModelIO() {
    }

    /** Writes both files into {@code dir} (created if needed), each through a temporary file and atomic rename. */
    public static void save(NeoxModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
            NDArray a = e.getValue();
            float[] data;
            if (a.getDataType() == DataType.FLOAT32) {
                data = a.toFloatArray();
            } else {
                double[] d = a.toDoubleArray();
                data = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    data[i] = (float) d[i];
                }
            }
            tensors.put(e.getKey(), new Safetensors.Tensor(a.getShape().getShape(), data));
        }
        Safetensors.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
        Path tmp = Files.createTempFile(dir, CONFIG, ".tmp");
        try {
            Files.writeString(tmp, configJson(model.config()), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(CONFIG), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The HF gpt_neox {@code config.json} text for {@code cfg}. */
    public static String configJson(ModelConfig cfg) {
        JsonObject o = new JsonObject();
        JsonArray arch = new JsonArray();
        arch.add("GPTNeoXForCausalLM");
        o.add("architectures", arch);
        o.addProperty("model_type", "gpt_neox");
        o.addProperty("hidden_size", cfg.dModel());
        o.addProperty("num_attention_heads", cfg.heads());
        o.addProperty("num_hidden_layers", cfg.layers());
        o.addProperty("intermediate_size", cfg.dFf());
        o.addProperty("max_position_embeddings", cfg.ctx());
        o.addProperty("vocab_size", cfg.vocab());
        o.addProperty("rotary_pct", cfg.rotaryPct());
        o.addProperty("rotary_emb_base", cfg.rotaryBase());
        o.addProperty("layer_norm_eps", cfg.lnEps());
        o.addProperty("hidden_act", "gelu");
        o.addProperty("use_parallel_residual", true);
        o.addProperty("tie_word_embeddings", false);
        o.addProperty("torch_dtype", "float32");
        if (!cfg.hasMlp()) {
            o.addProperty("mda_mlp", false);
        }
        o.addProperty("mda_init", cfg.initStyle());
        if (cfg.rotaryLayers() != null) {
            o.addProperty("mda_rotary_layers", cfg.rotaryLayers());
        }
        return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }

    /** Reads {@code dir/config.json}; refuses GPT-NeoX variants the model does not implement. */
    public static ModelConfig readConfig(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG);
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "model config not found");
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(file + " is not a JSON object: " + e.getMessage(), e);
        }
        if (!flag(o, "use_parallel_residual", true)) {
            throw new IllegalArgumentException(file + ": use_parallel_residual=false is not supported");
        }
        if (flag(o, "tie_word_embeddings", false)) {
            throw new IllegalArgumentException(file + ": tied embeddings are not supported (Pythia is untied)");
        }
        if (!flag(o, "attention_bias", true)) {
            throw new IllegalArgumentException(file + ": attention_bias=false is not supported");
        }
        String act = o.has("hidden_act") ? o.get("hidden_act").getAsString() : "gelu";
        if (!act.equals("gelu")) {
            throw new IllegalArgumentException(file + ": hidden_act " + act + " is not supported (only exact gelu)");
        }
        int dFf = flag(o, "mda_mlp", true) ? number(o, file, "intermediate_size").intValue() : 0;
        double pct = o.has("rotary_pct") ? number(o, file, "rotary_pct").doubleValue()
                : number(o, file, "partial_rotary_factor").doubleValue();
        double base = o.has("rotary_emb_base") ? number(o, file, "rotary_emb_base").doubleValue()
                : number(o, file, "rope_theta").doubleValue();
        String init = o.has("mda_init") ? o.get("mda_init").getAsString() : "neox";
        try {
            return new ModelConfig(number(o, file, "num_hidden_layers").intValue(),
                    number(o, file, "hidden_size").intValue(), number(o, file, "num_attention_heads").intValue(),
                    dFf, number(o, file, "max_position_embeddings").intValue(),
                    number(o, file, "vocab_size").intValue(), pct, base,
                    number(o, file, "layer_norm_eps").doubleValue(), init,
                    o.has("mda_rotary_layers") ? Integer.valueOf(number(o, file, "mda_rotary_layers").intValue()) : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static boolean flag(JsonObject o, String key, boolean absent) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? absent : e.getAsBoolean();
    }

    private static Number number(JsonObject o, Path file, String key) throws IOException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IOException(file + " lacks the numeric key " + key);
        }
        return e.getAsNumber();
    }

    /** Loads a FLOAT32 model from {@code dir}. */
    public static NeoxModel load(Path dir, NDManager parent) throws IOException {
        return load(dir, parent, DataType.FLOAT32);
    }

    /**
     * Loads a model from {@code dir}: every parameter of the config must be present with its exact shape and finite
     * values; other tensors (rotary buffers, masks) are ignored.
     *
     * @param dtype FLOAT32, or FLOAT64 for oracle computations
     */
    public static NeoxModel load(Path dir, NDManager parent, DataType dtype) throws IOException {
        ModelConfig cfg = readConfig(dir);
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        try (Safetensors.Reader r = Safetensors.open(dir.resolve(WEIGHTS));
             NDManager staging = parent.newSubManager()) {
            for (Map.Entry<String, Shape> e : NeoxNames.shapes(cfg).entrySet()) {
                String name = e.getKey();
                Safetensors.TensorInfo info = r.header().get(name);
                if (info == null) {
                    throw new IllegalArgumentException(r.file() + " lacks tensor " + name);
                }
                if (!Arrays.equals(info.shape(), e.getValue().getShape())) {
                    throw new IllegalArgumentException(r.file() + ": tensor " + name + " has shape "
                            + Arrays.toString(info.shape()) + " but " + CONFIG + " implies " + e.getValue());
                }
                float[] v = r.read(name);
                for (int i = 0; i < v.length; i++) {
                    if (!Float.isFinite(v[i])) {
                        throw new IllegalArgumentException(r.file() + ": tensor " + name + " has a non-finite value "
                                + v[i] + " at flat index " + i);
                    }
                }
                arrays.put(name, dtype == DataType.FLOAT32 ? staging.create(v, e.getValue())
                        : Rotary.create(staging, toDoubles(v), e.getValue(), dtype));
            }
            // fromArrays moves the arrays to the model's own manager before staging closes.
            return NeoxModel.fromArrays(cfg, arrays, parent);
        }
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
