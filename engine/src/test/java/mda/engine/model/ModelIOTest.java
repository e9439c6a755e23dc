package mda.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint folders: exact round trips, HF config keys, BF16 exports, and clear errors on damaged folders. */
class ModelIOTest {
    private static final ModelConfig CFG = ForwardOracleTest.MLP;

    @TempDir
    Path dir;

    @Test
    void saveThenLoadGivesIdenticalParametersAndLogits() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); NeoxModel a = NeoxModel.init(CFG, 8, m)) {
            ModelIO.save(a, dir);
            try (NeoxModel b = ModelIO.load(dir, m)) {
                assertEquals(CFG, b.config());
                assertEquals(a.parameterNames(), b.parameterNames());
                for (String n : a.parameterNames()) {
                    assertArrayEquals(a.param(n).toFloatArray(), b.param(n).toFloatArray(), n);
                }
                NDArray ids = m.create(ForwardOracleTest.IDS);
                assertArrayEquals(a.forward(ids, null).toFloatArray(), b.forward(ids, null).toFloatArray());
            }
            try (NeoxModel c = ModelIO.load(dir, m, DataType.FLOAT64)) {
                assertEquals(DataType.FLOAT64, c.dataType());
                double[] d = c.param(NeoxNames.EMBED_OUT).toDoubleArray();
                float[] f = a.param(NeoxNames.EMBED_OUT).toFloatArray();
                for (int i = 0; i < f.length; i++) {
                    assertEquals(f[i], d[i], 0.0);
                }
            }
        }
    }

    @Test
    void configUsesHfKeysAndMarksAttentionOnlyModels() throws IOException {
        ModelConfig attn = ForwardOracleTest.ATTN_FULL_ROTARY;
        try (NDManager m = NDManager.newBaseManager(); NeoxModel a = NeoxModel.init(attn, 2, m)) {
            ModelIO.save(a, dir);
        }
        JsonObject o = JsonParser.parseString(Files.readString(dir.resolve(ModelIO.CONFIG))).getAsJsonObject();
        assertEquals("GPTNeoXForCausalLM", o.getAsJsonArray("architectures").get(0).getAsString());
        assertEquals(8, o.get("hidden_size").getAsInt());
        assertEquals(2, o.get("num_attention_heads").getAsInt());
        assertEquals(1.0, o.get("rotary_pct").getAsDouble());
        assertFalse(o.get("tie_word_embeddings").getAsBoolean());
        assertTrue(o.get("use_parallel_residual").getAsBoolean());
        assertFalse(o.get("mda_mlp").getAsBoolean());
        assertEquals("neox", o.get("mda_init").getAsString());
        assertEquals(attn, ModelIO.readConfig(dir));
        assertFalse(o.has("mda_rotary_layers"), "rotary in every layer is GPT-NeoX's default and is not written");
        ModelConfig layer0 = attn.withRotaryLayers(1);
        Files.writeString(dir.resolve(ModelIO.CONFIG), ModelIO.configJson(layer0));
        assertEquals(layer0, ModelIO.readConfig(dir));
        assertEquals(attn, new com.google.gson.Gson().fromJson(new com.google.gson.Gson().toJson(attn), ModelConfig.class),
                "a stored run config without the field reads back as rotary everywhere");
        Files.writeString(dir.resolve(ModelIO.CONFIG), ModelIO.configJson(attn));
        try (Safetensors.Reader r = Safetensors.open(dir.resolve(ModelIO.WEIGHTS))) {
            assertFalse(r.header().keySet().stream().anyMatch(k -> k.contains("mlp")), "no MLP tensors");
        }
    }

    /** Writes the model's tensors (optionally edited) in BF16 or F32, HF-style, with extra buffers. */
    private void writeExport(NeoxModel model, String dtype, String drop, String reshape, String poison)
            throws IOException {
        Files.writeString(dir.resolve(ModelIO.CONFIG), ModelIO.configJson(model.config()));
        Map<String, RawSafetensors.Entry> e = new LinkedHashMap<>();
        e.put("gpt_neox.layers.0.attention.rotary_emb.inv_freq",
                new RawSafetensors.Entry("F32", new long[] {1}, new byte[4]));
        for (String n : model.parameterNames()) {
            if (n.equals(drop)) {
                continue;
            }
            float[] v = model.param(n).toFloatArray();
            if (n.equals(poison)) {
                v[1] = Float.NaN;
            }
            long[] shape = n.equals(reshape) ? new long[] {v.length} : model.param(n).getShape().getShape();
            byte[] data = dtype.equals("BF16") ? RawSafetensors.bf16(v) : floats(v);
            e.put(n, new RawSafetensors.Entry(dtype, shape, data));
        }
        RawSafetensors.write(dir.resolve(ModelIO.WEIGHTS), e);
    }

    private static byte[] floats(float[] v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    @Test
    void bf16ExportWithExtraBuffersLoads() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); NeoxModel a = NeoxModel.init(CFG, 4, m)) {
            writeExport(a, "BF16", null, null, null);
            try (NeoxModel b = ModelIO.load(dir, m)) {
                float[] want = a.param(NeoxNames.qkvWeight(1)).toFloatArray();
                float[] got = b.param(NeoxNames.qkvWeight(1)).toFloatArray();
                for (int i = 0; i < want.length; i++) {
                    assertEquals(Float.intBitsToFloat(Float.floatToIntBits(want[i]) & 0xFFFF0000), got[i], 0f);
                }
            }
        }
    }

    @Test
    void damagedFoldersFailWithTheFileAndTensorNamed() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); NeoxModel a = NeoxModel.init(CFG, 4, m)) {
            String qkv = NeoxNames.qkvWeight(1);
            writeExport(a, "F32", qkv, null, null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelIO.load(dir, m));
            assertTrue(e.getMessage().contains("lacks tensor " + qkv) && e.getMessage().contains(ModelIO.WEIGHTS),
                    e.getMessage());

            writeExport(a, "F32", null, qkv, null);
            e = assertThrows(IllegalArgumentException.class, () -> ModelIO.load(dir, m));
            assertTrue(e.getMessage().contains(qkv) && e.getMessage().contains("shape"), e.getMessage());

            writeExport(a, "F32", null, null, NeoxNames.denseBias(0));
            e = assertThrows(IllegalArgumentException.class, () -> ModelIO.load(dir, m));
            assertTrue(e.getMessage().contains(NeoxNames.denseBias(0)) && e.getMessage().contains("NaN"),
                    e.getMessage());

            ModelIO.save(a, dir);
            Path w = dir.resolve(ModelIO.WEIGHTS);
            byte[] all = Files.readAllBytes(w);
            Files.write(w, Arrays.copyOf(all, all.length - 100));
            IOException io = assertThrows(IOException.class, () -> ModelIO.load(dir, m));
            assertTrue(io.getMessage().contains(ModelIO.WEIGHTS) && io.getMessage().contains("truncated"),
                    io.getMessage());

            Files.delete(w);
            io = assertThrows(NoSuchFileException.class, () -> ModelIO.load(dir, m));
            assertTrue(io.getMessage().contains(ModelIO.WEIGHTS), io.getMessage());
            Files.delete(dir.resolve(ModelIO.CONFIG));
            io = assertThrows(NoSuchFileException.class, () -> ModelIO.load(dir, m));
            assertTrue(io.getMessage().contains(ModelIO.CONFIG), io.getMessage());
        }
    }

    @Test
    void unsupportedConfigsAreRefused() throws IOException {
        String json = ModelIO.configJson(CFG)
                .replace("\"tie_word_embeddings\": false", "\"tie_word_embeddings\": true");
        Files.writeString(dir.resolve(ModelIO.CONFIG), json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelIO.readConfig(dir));
        assertTrue(e.getMessage().contains("tied"), e.getMessage());
        Files.writeString(dir.resolve(ModelIO.CONFIG), ModelIO.configJson(CFG).replace("\"hidden_size\"", "\"h\""));
        IOException io = assertThrows(IOException.class, () -> ModelIO.readConfig(dir));
        assertTrue(io.getMessage().contains("hidden_size"), io.getMessage());
    }
}
