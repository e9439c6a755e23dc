package mda.engine.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Writes safetensors files byte by byte in any dtype, independently of the codec under test. */
final class RawSafetensors {
    private RawSafetensors() {
    }

    record Entry(String dtype, long[] shape, byte[] data) {
    }

    static void write(Path file, Map<String, Entry> entries) throws IOException {
        StringBuilder json = new StringBuilder("{");
        long off = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            Entry x = e.getValue();
            json.append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(x.dtype()).append("\",\"shape\":")
                    .append(Arrays.toString(x.shape()).replace(" ", "")).append(",\"data_offsets\":[").append(off)
                    .append(',').append(off + x.data().length).append("]}");
            off += x.data().length;
        }
        json.append('}');
        byte[] head = json.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate((int) (8 + head.length + off)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(head.length).put(head);
        for (Entry x : entries.values()) {
            b.put(x.data());
        }
        Files.write(file, b.array());
    }

    static byte[] shorts(int... bits) {
        ByteBuffer b = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : bits) {
            b.putShort((short) v);
        }
        return b.array();
    }

    /** bf16 by truncating each float's low 16 bits. */
    static byte[] bf16(float[] v) {
        int[] bits = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            bits[i] = Float.floatToIntBits(v[i]) >>> 16;
        }
        return shorts(bits);
    }
}
