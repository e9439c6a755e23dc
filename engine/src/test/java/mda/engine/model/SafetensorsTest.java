package mda.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors codec: layout, F16/BF16 decoding on known bit patterns, and errors on damaged files. */
class SafetensorsTest {
    @TempDir
    Path dir;

    private Path writeSample() throws IOException {
        Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
        t.put("a", new Safetensors.Tensor(new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-30f, -7}));
        t.put("b.bias", new Safetensors.Tensor(new long[] {1}, new float[] {42}));
        Path f = dir.resolve("x.safetensors");
        Safetensors.write(f, t, Map.of("format", "pt"));
        return f;
    }

    @Test
    void roundTripKeepsNamesShapesValuesAndMetadata() throws IOException {
        Path f = writeSample();
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data section is 8-byte aligned");
        assertEquals(8 + n + 7 * 4, bytes.length);
        try (Safetensors.Reader r = Safetensors.open(f)) {
            assertEquals(java.util.List.of("a", "b.bias"), java.util.List.copyOf(r.header().keySet()));
            assertArrayEquals(new long[] {2, 3}, r.header().get("a").shape());
            assertEquals("F32", r.header().get("a").dtype());
            assertArrayEquals(new float[] {1, -2, 3.5f, 0, 1e-30f, -7}, r.read("a"));
            assertArrayEquals(new float[] {42}, r.read("b.bias"));
            assertEquals("pt", r.metadata().get("format"));
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void halfPrecisionDecodesKnownBitPatterns() {
        assertEquals(1.0f, Safetensors.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, Safetensors.halfToFloat((short) 0xC000));
        assertEquals(65504f, Safetensors.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, Safetensors.halfToFloat((short) 0x0001), "smallest subnormal");
        assertEquals(0x3FFp-24f, Safetensors.halfToFloat((short) 0x03FF), "largest subnormal");
        assertEquals(0x1p-14f, Safetensors.halfToFloat((short) 0x0400), "smallest normal");
        assertEquals(0.333251953125f, Safetensors.halfToFloat((short) 0x3555));
        assertEquals(Float.POSITIVE_INFINITY, Safetensors.halfToFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, Safetensors.halfToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(Safetensors.halfToFloat((short) 0x7E00)));
        assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(Safetensors.halfToFloat((short) 0x8000)));
    }

    @Test
    void bfloat16DecodesKnownBitPatterns() {
        assertEquals(1.0f, Safetensors.bf16ToFloat((short) 0x3F80));
        assertEquals(-3.0f, Safetensors.bf16ToFloat((short) 0xC040));
        assertEquals(3.140625f, Safetensors.bf16ToFloat((short) 0x4049));
        assertEquals(Float.POSITIVE_INFINITY, Safetensors.bf16ToFloat((short) 0x7F80));
    }

    @Test
    void filesInF16Bf16AndF64AreReadAsFloats() throws IOException {
        Map<String, RawSafetensors.Entry> e = new LinkedHashMap<>();
        e.put("h", new RawSafetensors.Entry("F16", new long[] {3}, RawSafetensors.shorts(0x3C00, 0xC000, 0x3555)));
        e.put("b", new RawSafetensors.Entry("BF16", new long[] {1, 2}, RawSafetensors.shorts(0x4049, 0xC040)));
        ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-2.5);
        e.put("d", new RawSafetensors.Entry("F64", new long[] {2}, d.array()));
        e.put("i", new RawSafetensors.Entry("I64", new long[] {1}, new byte[8]));
        Path f = dir.resolve("mixed.safetensors");
        RawSafetensors.write(f, e);
        try (Safetensors.Reader r = Safetensors.open(f)) {
            assertArrayEquals(new float[] {1, -2, 0.333251953125f}, r.read("h"));
            assertArrayEquals(new float[] {3.140625f, -3}, r.read("b"));
            assertArrayEquals(new float[] {0.1f, -2.5f}, r.read("d"));
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> r.read("i"));
            assertTrue(x.getMessage().contains("I64"), x.getMessage());
        }
    }

    @Test
    void missingTensorAndMissingFileAreNamed() throws IOException {
        Path f = writeSample();
        try (Safetensors.Reader r = Safetensors.open(f)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.read("nope"));
            assertTrue(e.getMessage().contains("nope") && e.getMessage().contains(f.toString()), e.getMessage());
        }
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> Safetensors.open(dir.resolve("absent.safetensors")));
        assertTrue(e.getMessage().contains("absent.safetensors"), e.getMessage());
    }

    @Test
    void truncatedFilesAreRejected() throws IOException {
        Path f = writeSample();
        byte[] all = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(all, all.length - 4));
        IOException e = assertThrows(IOException.class, () -> Safetensors.open(cut));
        assertTrue(e.getMessage().contains("b.bias") && e.getMessage().contains("run past"), e.getMessage());

        Files.write(cut, Arrays.copyOf(all, 40));
        e = assertThrows(IOException.class, () -> Safetensors.open(cut));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());

        Files.write(cut, new byte[] {1, 2, 3});
        e = assertThrows(IOException.class, () -> Safetensors.open(cut));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());

        byte[] notJson = Arrays.copyOf(all, all.length);
        notJson[8] = '[';
        Files.write(cut, notJson);
        e = assertThrows(IOException.class, () -> Safetensors.open(cut));
        assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
    }

    @Test
    void sizeThatDisagreesWithShapeIsRejected() throws IOException {
        Map<String, RawSafetensors.Entry> e = new LinkedHashMap<>();
        e.put("w", new RawSafetensors.Entry("F32", new long[] {3}, new byte[8]));
        Path f = dir.resolve("bad.safetensors");
        RawSafetensors.write(f, e);
        IOException x = assertThrows(IOException.class, () -> Safetensors.open(f));
        assertTrue(x.getMessage().contains("tensor w has 8 bytes"), x.getMessage());
    }
}
