package mda.engine.model.hf;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import ai.djl.ndarray.types.Shape;
import mda.engine.corpus.Tokenizer;
import mda.engine.jobs.JobContext;
import mda.engine.model.ModelConfig;
import mda.engine.model.NeoxNames;
import mda.engine.model.Safetensors;

/**
 * Reads the parameters of a GPT-NeoX config from an HF checkpoint folder: one {@code model.safetensors}, or shards
 * listed by {@code model.safetensors.index.json} ({@code weight_map}: tensor name → shard file). F32, F16 and BF16
 * are converted to float by {@link Safetensors}. Every parameter must be present, have the shape the config implies
 * and hold only finite values; each error names the file and the tensor. Other tensors (rotary buffers, masks)
 * are ignored.
 */
public final class HfWeights {
    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private HfWeights() {
    }

    /** Parameter name → row-major float values, in canonical order. */
    public static Map<String, float[]> read(Path dir, ModelConfig cfg, JobContext ctx) throws IOException {
        Map<String, Path> where = locate(dir, cfg);
        Map<Path, Safetensors.Reader> readers = new LinkedHashMap<>();
        Map<String, float[]> out = new LinkedHashMap<>();
        Map<String, Shape> shapes = NeoxNames.shapes(cfg);
        try {
            int done = 0;
            for (Map.Entry<String, Shape> e : shapes.entrySet()) {
                ctx.checkCancelled();
                ctx.progress("read-weights", done++, shapes.size(), e.getKey());
                String name = e.getKey();
                Path file = where.get(name);
                Safetensors.Reader r = readers.get(file);
                if (r == null) {
                    r = Safetensors.open(file);
                    readers.put(file, r);
                }
                Safetensors.TensorInfo info = r.header().get(name);
                if (info == null) {
                    throw new IOException(file + ": tensor " + name + " is missing"
                            + (where.size() > 0 && !file.getFileName().toString().equals(SINGLE)
                            ? " (" + INDEX + " lists it in this shard)" : ""));
                }
                if (!Arrays.equals(info.shape(), e.getValue().getShape())) {
                    throw new IOException(file + ": tensor " + name + " has shape " + Arrays.toString(info.shape())
                            + " but config.json implies " + Arrays.toString(e.getValue().getShape()));
                }
                float[] v;
                try {
                    v = r.read(name);
                } catch (IllegalArgumentException ex) {
                    throw new IOException(ex.getMessage(), ex);
                }
                for (int i = 0; i < v.length; i++) {
                    if (!Float.isFinite(v[i])) {
                        throw new IOException(file + ": tensor " + name + " has a non-finite value " + v[i]
                                + " at flat index " + i);
                    }
                }
                out.put(name, v);
            }
            ctx.progress("read-weights", shapes.size(), shapes.size(), null);
        } finally {
            for (Safetensors.Reader r : readers.values()) {
                r.close();
            }
        }
        return out;
    }

    /** The file holding each parameter of {@code cfg}. */
    static Map<String, Path> locate(Path dir, ModelConfig cfg) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        Path single = dir.resolve(SINGLE);
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(single)) {
            for (String name : NeoxNames.shapes(cfg).keySet()) {
                out.put(name, single);
            }
            return out;
        }
        if (!Files.isRegularFile(index)) {
            boolean shards;
            try (Stream<Path> s = Files.list(dir)) {
                shards = s.anyMatch(p -> p.getFileName().toString().matches("model-\\d+-of-\\d+\\.safetensors"));
            }
            throw new IOException(dir + ": " + (shards ? "has safetensors shards but no " + INDEX
                    : "holds neither " + SINGLE + " nor " + INDEX));
        }
        JsonObject root = Tokenizer.readJson(index);
        JsonElement map = root.get("weight_map");
        if (map == null || !map.isJsonObject()) {
            throw new IOException(index + ": no \"weight_map\" object");
        }
        JsonObject wm = map.getAsJsonObject();
        for (String name : NeoxNames.shapes(cfg).keySet()) {
            JsonElement f = wm.get(name);
            if (f == null || !f.isJsonPrimitive()) {
                throw new IOException(index + ": tensor " + name + " is missing from the weight_map");
            }
            Path shard = dir.resolve(f.getAsString()).normalize();
            if (!shard.startsWith(dir.normalize()) || !Files.isRegularFile(shard)) {
                throw new IOException(index + ": shard " + f.getAsString() + " listed for tensor " + name
                        + " is not a file in " + dir);
            }
            out.put(name, shard);
        }
        return out;
    }
}
