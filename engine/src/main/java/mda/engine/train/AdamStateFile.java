package mda.engine.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import mda.engine.train.TrainFileException.Reason;

/**
 * Optimizer state file, version 1, little-endian:
 * <pre>
 * "MDAADAMW" (8) | u32 version | u32 entry count | i64 step | f64 beta1, beta2, eps, weightDecay, clipNorm
 * per entry: u16 name length | UTF-8 name | u32 ndim | i64 dims[ndim] | f32 m[n] | f32 v[n]
 * u32 CRC-32 of every byte before it
 * </pre>
 */
final class AdamStateFile {
    static final byte[] MAGIC = "MDAADAMW".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int CHUNK = 1 << 14;

    private AdamStateFile() {}

    static void write(AdamState state, Path file) {
        AtomicFiles.write(file, ch -> {
            CheckedOutputStream crcOut = new CheckedOutputStream(
                    new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), new CRC32());
            ByteBuffer b = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
            AdamW.Settings s = state.settings();
            b.put(MAGIC).putInt(VERSION).putInt(state.moments().size()).putLong(state.step()).putDouble(s.beta1())
                    .putDouble(s.beta2()).putDouble(s.eps()).putDouble(s.weightDecay()).putDouble(s.clipNorm());
            flush(b, crcOut);
            for (Map.Entry<String, AdamState.Moments> e : state.moments().entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                long[] shape = e.getValue().shape();
                b.putShort((short) name.length).put(name).putInt(shape.length);
                for (long d : shape) {
                    b.putLong(d);
                }
                flush(b, crcOut);
                writeFloats(e.getValue().m(), b, crcOut);
                writeFloats(e.getValue().v(), b, crcOut);
            }
            b.putInt((int) crcOut.getChecksum().getValue());
            b.flip();
            crcOut.write(b.array(), 0, b.limit());
            crcOut.flush();
        });
    }

    private static void writeFloats(float[] a, ByteBuffer b, OutputStream out) throws IOException {
        for (int i = 0; i < a.length; i += CHUNK) {
            int n = Math.min(CHUNK, a.length - i);
            b.asFloatBuffer().put(a, i, n);
            b.position(n * 4);
            flush(b, out);
        }
    }

    private static void flush(ByteBuffer b, OutputStream out) throws IOException {
        b.flip();
        out.write(b.array(), 0, b.limit());
        b.clear();
    }

    static AdamState read(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            CheckedInputStream crcIn = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), new CRC32());
            return read(file, crcIn);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such optimizer state file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read optimizer state: " + e.getMessage(), e);
        }
    }

    private static AdamState read(Path file, CheckedInputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        ByteBuffer b = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
        String where = "the header";
        try {
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new TrainFileException(file, Reason.WRONG_MAGIC, "not an optimizer state file (expected magic"
                        + " 'MDAADAMW')");
            }
            fill(data, b, 8);
            int version = b.getInt();
            int count = b.getInt();
            if (version != VERSION) {
                throw new TrainFileException(file, Reason.UNSUPPORTED_VERSION, "optimizer state format version "
                        + Integer.toUnsignedString(version) + " is not supported (this build reads " + VERSION + ")");
            }
            if (count < 0) {
                throw new TrainFileException(file, Reason.BAD_HEADER, "corrupt header: entry count " + count);
            }
            fill(data, b, 48);
            long step = b.getLong();
            AdamW.Settings settings = settings(file, b);
            Map<String, AdamState.Moments> moments = new LinkedHashMap<>();
            for (int e = 0; e < count; e++) {
                where = "entry " + e;
                fill(data, b, 2);
                byte[] name = new byte[b.getShort() & 0xffff];
                data.readFully(name);
                String key = new String(name, StandardCharsets.UTF_8);
                where = "entry '" + key + "'";
                fill(data, b, 4);
                int ndim = b.getInt();
                if (ndim < 0 || ndim > 16) {
                    throw new TrainFileException(file, Reason.BAD_VALUE, "corrupt " + where + ": " + ndim + " dims");
                }
                long[] shape = new long[ndim];
                long n = 1;
                fill(data, b, 8 * ndim);
                for (int d = 0; d < ndim; d++) {
                    shape[d] = b.getLong();
                    n *= shape[d];
                    if (shape[d] < 0 || n > Integer.MAX_VALUE - 8) {
                        throw new TrainFileException(file, Reason.BAD_VALUE, "corrupt " + where + ": shape "
                                + Arrays.toString(shape));
                    }
                }
                float[] m = readFloats(data, b, (int) n);
                float[] v = readFloats(data, b, (int) n);
                if (moments.put(key, new AdamState.Moments(shape, m, v)) != null) {
                    throw new TrainFileException(file, Reason.BAD_VALUE, "parameter '" + key + "' appears twice");
                }
            }
            where = "the checksum";
            int expected = (int) in.getChecksum().getValue();
            fill(data, b, 4);
            if (b.getInt() != expected) {
                throw new TrainFileException(file, Reason.CHECKSUM, "corrupt optimizer state: checksum mismatch");
            }
            if (data.read() >= 0) {
                throw new TrainFileException(file, Reason.TRAILING_BYTES, "unexpected bytes after the checksum");
            }
            return new AdamState(step, settings, moments);
        } catch (EOFException e) {
            throw new TrainFileException(file, Reason.TRUNCATED, "truncated optimizer state: the file ends inside "
                    + where);
        }
    }

    private static AdamW.Settings settings(Path file, ByteBuffer b) {
        try {
            return new AdamW.Settings(b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
        } catch (IllegalArgumentException e) {
            throw new TrainFileException(file, Reason.BAD_HEADER, "corrupt header: " + e.getMessage());
        }
    }

    /** Reads exactly {@code n} bytes into {@code b} and flips it for reading. */
    private static void fill(DataInputStream in, ByteBuffer b, int n) throws IOException {
        b.clear();
        in.readFully(b.array(), 0, n);
        b.limit(n);
    }

    private static float[] readFloats(DataInputStream in, ByteBuffer b, int n) throws IOException {
        float[] out = new float[n];
        for (int i = 0; i < n; i += CHUNK) {
            int k = Math.min(CHUNK, n - i);
            fill(in, b, k * 4);
            b.asFloatBuffer().get(out, i, k);
        }
        return out;
    }
}
