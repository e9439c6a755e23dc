package mda.engine.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A safetensors codec (algorithm doc §1.3): u64 LE header length, a JSON header mapping names to
 * {dtype, shape, data_offsets}, then row-major little-endian data. Reads F32, F16, BF16 and F64 into float[];
 * writes F32. Written in Java because DJL's decoder crashes the JVM on BF16.
 */
public final class Safetensors {
    private static final long MAX_HEADER = 100L << 20;

    private Safetensors() {
    }

    /** One header entry; {@code begin}/{@code end} are relative to the data section. */
    public record TensorInfo(String dtype, long[] shape, long begin, long end) {
        public long numel() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }

    /** A tensor to write: its shape and row-major values. */
    public record Tensor(long[] shape, float[] data) {
    }

    /** Bytes per element of a safetensors dtype, or −1 if unknown. */
    static int elementSize(String dtype) {
        switch (dtype) {
            case "F64": case "I64": case "U64":
                return 8;
            case "F32": case "I32": case "U32":
                return 4;
            case "F16": case "BF16": case "I16": case "U16":
                return 2;
            case "I8": case "U8": case "BOOL": case "F8_E4M3": case "F8_E5M2":
                return 1;
            default:
                return -1;
        }
    }

    /** IEEE 754 binary16 to float, including subnormals, infinities and NaN. */
    public static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal or zero: exact in float
            return sign != 0 ? -v : v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** bfloat16 to float: the 16 bits are the top half of the float. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Opens {@code file} and validates its header against the file length. */
    public static Reader open(Path file) throws IOException {
        return new Reader(file);
    }

    /** Reads safetensors files tensor by tensor through a FileChannel. */
    public static final class Reader implements Closeable {
        private final Path file;
        private final FileChannel channel;
        private final long dataStart;
        private final Map<String, TensorInfo> header;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Reader(Path file) throws IOException {
            this.file = file;
            try {
                this.channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(file.toString(), null, "safetensors file not found");
            }
            try {
                long size = channel.size();
                if (size < 8) {
                    throw new IOException(file + " is truncated: " + size + " bytes, too short for the header length");
                }
                long n = readFully(0, 8).getLong();
                if (n < 2 || n > MAX_HEADER || n > size - 8) {
                    throw new IOException(file + " is truncated or corrupt: header length " + n
                            + " does not fit the file size " + size);
                }
                this.dataStart = 8 + n;
                byte[] json = new byte[(int) n];
                readFully(8, (int) n).get(json);
                this.header = parse(new String(json, StandardCharsets.UTF_8), size - dataStart);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        private Map<String, TensorInfo> parse(String json, long dataLength) throws IOException {
            JsonObject root;
            try {
                root = JsonParser.parseString(json).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new IOException(file + " has a header that is not a JSON object: " + e.getMessage(), e);
            }
            Map<String, TensorInfo> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : root.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
                        metadata.put(m.getKey(), m.getValue().getAsString());
                    }
                    continue;
                }
                out.put(e.getKey(), entry(e.getKey(), e.getValue(), dataLength));
            }
            return Collections.unmodifiableMap(out);
        }

        private TensorInfo entry(String name, JsonElement el, long dataLength) throws IOException {
            try {
                JsonObject o = el.getAsJsonObject();
                String dtype = o.get("dtype").getAsString();
                JsonArray sh = o.getAsJsonArray("shape");
                long[] shape = new long[sh.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = sh.get(i).getAsLong();
                }
                JsonArray off = o.getAsJsonArray("data_offsets");
                TensorInfo info = new TensorInfo(dtype, shape, off.get(0).getAsLong(), off.get(1).getAsLong());
                if (info.begin() < 0 || info.end() < info.begin() || info.end() > dataLength) {
                    throw new IOException(file + " is truncated or corrupt: tensor " + name + " data_offsets ["
                            + info.begin() + ", " + info.end() + "] run past the data section of " + dataLength
                            + " bytes");
                }
                int es = elementSize(dtype);
                if (es > 0 && info.end() - info.begin() != info.numel() * es) {
                    throw new IOException(file + ": tensor " + name + " has " + (info.end() - info.begin())
                            + " bytes but shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                            + info.numel() * es);
                }
                return info;
            } catch (RuntimeException e) {
                throw new IOException(file + ": malformed header entry for tensor " + name + ": " + e, e);
            }
        }

        public Path file() {
            return file;
        }

        /** Every tensor's header entry, in file order. */
        public Map<String, TensorInfo> header() {
            return header;
        }

        /** The optional {@code __metadata__} strings. */
        public Map<String, String> metadata() {
            return Collections.unmodifiableMap(metadata);
        }

        /** The values of tensor {@code name} converted to float. */
        public float[] read(String name) throws IOException {
            TensorInfo info = header.get(name);
            if (info == null) {
                throw new IllegalArgumentException(file + " has no tensor named " + name);
            }
            long bytes = info.end() - info.begin();
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(file + ": tensor " + name + " is over 2 GB, too large to read");
            }
            ByteBuffer buf = readFully(dataStart + info.begin(), (int) bytes);
            float[] out = new float[Math.toIntExact(info.numel())];
            switch (info.dtype()) {
                case "F32":
                    buf.asFloatBuffer().get(out);
                    break;
                case "F64":
                    for (int i = 0; i < out.length; i++) {
                        out[i] = (float) buf.getDouble();
                    }
                    break;
                case "F16":
                    for (int i = 0; i < out.length; i++) {
                        out[i] = halfToFloat(buf.getShort());
                    }
                    break;
                case "BF16":
                    for (int i = 0; i < out.length; i++) {
                        out[i] = bf16ToFloat(buf.getShort());
                    }
                    break;
                default:
                    throw new IllegalArgumentException(file + ": tensor " + name + " has dtype " + info.dtype()
                            + "; only F32, F64, F16 and BF16 can be read as floats");
            }
            return out;
        }

        private ByteBuffer readFully(long position, int length) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            long pos = position;
            while (buf.hasRemaining()) {
                int r = channel.read(buf, pos);
                if (r < 0) {
                    throw new IOException(file + " is truncated: ended at byte " + pos + " while reading "
                            + length + " bytes from " + position);
                }
                pos += r;
            }
            return buf.flip();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Writes F32 tensors (in map order) to {@code file} through a temporary file in the same folder and an atomic
     * rename, so a crash never leaves a half-written checkpoint under the final name.
     *
     * @param metadata optional {@code __metadata__} strings (may be empty)
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        JsonObject root = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            root.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long numel = 1;
            JsonArray shape = new JsonArray();
            for (long s : t.shape()) {
                numel *= s;
                shape.add(s);
            }
            if (numel != t.data().length) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " has " + t.data().length
                        + " values but shape " + Arrays.toString(t.shape()));
            }
            JsonObject o = new JsonObject();
            o.addProperty("dtype", "F32");
            o.add("shape", shape);
            JsonArray off = new JsonArray();
            off.add(offset);
            off.add(offset + 4 * numel);
            o.add("data_offsets", off);
            root.add(e.getKey(), o);
            offset += 4 * numel;
        }
        StringBuilder json = new StringBuilder(new Gson().toJson(root));
        while (json.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            json.append(' '); // pad so the data section starts 8-byte aligned
        }
        byte[] head = json.toString().getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer pre = ByteBuffer.allocate(8 + head.length).order(ByteOrder.LITTLE_ENDIAN);
                pre.putLong(head.length).put(head).flip();
                writeFully(ch, pre);
                ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    for (float v : t.data()) {
                        if (!buf.hasRemaining()) {
                            writeFully(ch, buf.flip());
                            buf.clear();
                        }
                        buf.putFloat(v);
                    }
                }
                writeFully(ch, buf.flip());
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
