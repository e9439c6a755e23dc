package mda.engine.model.hf;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxNames;
import mda.engine.model.Safetensors;
import mda.engine.util.SplitMix64;

/** Writes small GPT-NeoX checkpoints in HF layout (config.json, safetensors shards in F32/F16/BF16, index). */
final class HfFixture {
    static final ModelConfig CFG = new ModelConfig(2, 16, 2, 32, 16, 24, 0.5, 10000, 1e-5, "neox");

    private HfFixture() {
    }

    /** Seeded weights: LayerNorm gains near 1, everything else N(0, 0.3²). */
    static Map<String, float[]> weights(ModelConfig cfg, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        NeoxNames.shapes(cfg).forEach((name, shape) -> {
            float[] v = new float[(int) shape.size()];
            boolean gain = name.endsWith("layernorm.weight") || name.equals(NeoxNames.FINAL_LN_WEIGHT);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((gain ? 1 : 0) + 0.3 * rng.nextGaussian());
            }
            out.put(name, v);
        });
        return out;
    }

    static short toHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xFF) - 127 + 15;
        if (exp <= 0) {
            return (short) sign; // tiny values flush to zero; the reference uses the decoded value anyway
        }
        int rounded = ((exp << 10) | ((bits >>> 13) & 0x3FF)) + ((bits >>> 12) & 1); // round half up
        return (short) (sign | Math.min(rounded, 0x7BFF));
    }

    static short toBf16(float f) {
        int bits = Float.floatToIntBits(f);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** The values as they read back after storing in {@code dtype}. */
    static float[] rounded(float[] v, String dtype) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = switch (dtype) {
                case "F16" -> Safetensors.halfToFloat(toHalf(v[i]));
                case "BF16" -> Safetensors.bf16ToFloat(toBf16(v[i]));
                default -> v[i];
            };
        }
        return out;
    }

    /** Writes one safetensors file of {@code tensors} in {@code dtype}, with the given shapes. */
    static void writeFile(Path file, Map<String, float[]> tensors, Map<String, long[]> shapes, String dtype)
            throws IOException {
        int es = dtype.equals("F32") ? 4 : 2;
        JsonObject header = new JsonObject();
        long off = 0;
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            JsonObject t = new JsonObject();
            t.addProperty("dtype", dtype);
            com.google.gson.JsonArray shape = new com.google.gson.JsonArray();
            for (long s : shapes.get(e.getKey())) {
                shape.add(s);
            }
            t.add("shape", shape);
            com.google.gson.JsonArray offs = new com.google.gson.JsonArray();
            offs.add(off);
            off += (long) e.getValue().length * es;
            offs.add(off);
            t.add("data_offsets", offs);
            header.add(e.getKey(), t);
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + (int) off).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (float[] v : tensors.values()) {
            for (float x : v) {
                switch (dtype) {
                    case "F16" -> b.putShort(toHalf(x));
                    case "BF16" -> b.putShort(toBf16(x));
                    default -> b.putFloat(x);
                }
            }
        }
        Files.write(file, b.array());
    }

    static Map<String, long[]> shapes(ModelConfig cfg) {
        Map<String, long[]> out = new LinkedHashMap<>();
        NeoxNames.shapes(cfg).forEach((n, s) -> out.put(n, s.getShape()));
        out.put("gpt_neox.layers.0.attention.rotary_emb.inv_freq", new long[] {2}); // ignored extra buffer
        return out;
    }

    /** A checkpoint folder: config.json plus {@code shards} safetensors files and an index (one file if 1). */
    static Path write(Path dir, ModelConfig cfg, Map<String, float[]> weights, String dtype, int shards)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), ModelIO.configJson(cfg));
        Map<String, float[]> all = new LinkedHashMap<>(weights);
        all.put("gpt_neox.layers.0.attention.rotary_emb.inv_freq", new float[] {1, 0.01f});
        Map<String, long[]> shapes = shapes(cfg);
        if (shards == 1) {
            writeFile(dir.resolve(HfWeights.SINGLE), all, shapes, dtype);
            return dir;
        }
        List<Map<String, float[]>> parts = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            parts.add(new LinkedHashMap<>());
        }
        JsonObject map = new JsonObject();
        int i = 0;
        for (Map.Entry<String, float[]> e : all.entrySet()) {
            int s = i++ % shards;
            parts.get(s).put(e.getKey(), e.getValue());
            map.addProperty(e.getKey(), shardName(s, shards));
        }
        for (int s = 0; s < shards; s++) {
            writeFile(dir.resolve(shardName(s, shards)), parts.get(s), shapes, dtype);
        }
        JsonObject index = new JsonObject();
        index.add("metadata", new JsonObject());
        index.add("weight_map", map);
        Files.writeString(dir.resolve(HfWeights.INDEX), index.toString());
        return dir;
    }

    static String shardName(int s, int n) {
        return String.format("model-%05d-of-%05d.safetensors", s + 1, n);
    }

    /** Rewrites one key of config.json. */
    static void setConfig(Path dir, String key, Object value) throws IOException {
        Path f = dir.resolve("config.json");
        JsonObject o = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
        if (value instanceof Boolean) {
            o.addProperty(key, (Boolean) value);
        } else {
            o.addProperty(key, (Number) value);
        }
        Files.writeString(f, o.toString());
    }
}
