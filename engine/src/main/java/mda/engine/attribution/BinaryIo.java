package mda.engine.attribution;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import org.ejml.data.DMatrixRMaj;

/**
 * The small binary container shared by the attribution files: an 8-byte magic, an int version, the payload
 * (big-endian), and a CRC32 of everything before it. Files are written to a temporary sibling and renamed, so a
 * reader never sees a half-written file; a file cut short or altered fails with a message naming it.
 */
final class BinaryIo {
    private BinaryIo() {
    }

    /** Writes the payload produced by {@code body} under {@code magic}/{@code version}, atomically. */
    static void write(Path file, String magic, int version, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(magicBytes(magic));
        out.writeInt(version);
        body.write(out);
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes.toByteArray());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Opens {@code file}, checking magic, version and checksum; the reader is positioned at the payload. */
    static Reader open(Path file, String magic, int version) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Reader r = new Reader(file, ByteBuffer.wrap(all));
        byte[] m = r.bytes(8);
        if (!java.util.Arrays.equals(m, magicBytes(magic))) {
            throw new IOException(file + " is not a " + magic.trim() + " file (bad magic)");
        }
        int v = r.readInt();
        if (v != version) {
            throw new IOException(file + " has unsupported version " + v + " (expected " + version + ")");
        }
        if (all.length < 20) {
            throw new IOException(file + " is truncated: " + all.length + " bytes, no room for the checksum");
        }
        r.payloadEnd = all.length - 8;
        return r;
    }

    private static byte[] magicBytes(String magic) {
        byte[] b = magic.getBytes(StandardCharsets.US_ASCII);
        if (b.length != 8) {
            throw new IllegalArgumentException("magic must be 8 ASCII bytes: " + magic);
        }
        return b;
    }

    static void writeMatrix(DataOutputStream out, DMatrixRMaj m) throws IOException {
        out.writeInt(m.numRows);
        out.writeInt(m.numCols);
        for (int i = 0; i < m.numRows * m.numCols; i++) {
            out.writeDouble(m.data[i]);
        }
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static void writeDoubles(DataOutputStream out, double[] x) throws IOException {
        out.writeInt(x.length);
        for (double v : x) {
            out.writeDouble(v);
        }
    }

    /** Payload writer. */
    static void writeFloats(DataOutputStream out, float[] x) throws IOException {
        out.writeInt(x.length);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * x.length);
        b.asFloatBuffer().put(x);
        out.write(b.array());
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** Bounds-checked reader over a whole file; every short read names the file and offset. */
    static final class Reader {
        private final Path file;
        private final ByteBuffer buf;
        private int payloadEnd;

        private Reader(Path file, ByteBuffer buf) {
            this.file = file;
            this.buf = buf;
            this.payloadEnd = buf.limit();
        }

        Path file() {
            return file;
        }

        private void need(long n) throws IOException {
            if (n < 0 || buf.position() + n > payloadEnd) {
                throw new IOException(file + " is truncated: needs " + n + " more bytes at offset " + buf.position()
                        + " but the payload ends at " + payloadEnd);
            }
        }

        byte[] bytes(int n) throws IOException {
            need(n);
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }

        int readInt() throws IOException {
            need(4);
            return buf.getInt();
        }

        long readLong() throws IOException {
            need(8);
            return buf.getLong();
        }

        double readDouble() throws IOException {
            need(8);
            return buf.getDouble();
        }

        float readFloat() throws IOException {
            need(4);
            return buf.getFloat();
        }

        /** A non-negative count no larger than {@code max}. */
        int readCount(String what, int max) throws IOException {
            int n = readInt();
            if (n < 0 || n > max) {
                throw new IOException(file + " is corrupt: " + what + " = " + n + " outside [0, " + max + "]");
            }
            return n;
        }

        String readString() throws IOException {
            int n = readCount("string length", 1 << 16);
            return new String(bytes(n), StandardCharsets.UTF_8);
        }

        DMatrixRMaj readMatrix(String what, int rows, int cols) throws IOException {
            DMatrixRMaj m = readMatrix(what);
            if (m.numRows != rows || m.numCols != cols) {
                throw new IOException(file + " is corrupt: " + what + " is " + m.numRows + "x" + m.numCols
                        + ", expected " + rows + "x" + cols);
            }
            return m;
        }

        /** A matrix of whatever shape the file states (each side at most 65 536). */
        DMatrixRMaj readMatrix(String what) throws IOException {
            int r = readCount(what + " rows", 1 << 16);
            int c = readCount(what + " columns", 1 << 16);
            need(8L * r * c);
            DMatrixRMaj m = new DMatrixRMaj(r, c);
            for (int i = 0; i < r * c; i++) {
                m.data[i] = buf.getDouble();
            }
            return m;
        }

        double[] readDoubles(String what, int expected) throws IOException {
            int n = readLength(what, expected, 8);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = buf.getDouble();
            }
            return x;
        }

        float[] readFloats(String what, int expected) throws IOException {
            int n = readLength(what, expected, 4);
            float[] x = new float[n];
            buf.asFloatBuffer().get(x);
            buf.position(buf.position() + 4 * n);
            return x;
        }

        /** An array's stated length, which must be {@code expected}, with its {@code bytesEach}-byte values present. */
        private int readLength(String what, int expected, int bytesEach) throws IOException {
            int n = readInt();
            if (n != expected) {
                throw new IOException(file + " is corrupt: " + what + " has " + n + " values, expected " + expected);
            }
            need((long) bytesEach * n);
            return n;
        }

        /** Checks that the payload was consumed exactly and that the checksum matches. */
        void finish() throws IOException {
            if (buf.position() != payloadEnd) {
                throw new IOException(file + " is corrupt: " + (payloadEnd - buf.position())
                        + " unexpected bytes before the checksum");
            }
            CRC32 crc = new CRC32();
            crc.update(buf.array(), 0, payloadEnd);
            long stored = buf.getLong(payloadEnd);
            if (stored != crc.getValue()) {
                throw new IOException(file + " is corrupt or truncated: checksum mismatch");
            }
        }
    }
}
