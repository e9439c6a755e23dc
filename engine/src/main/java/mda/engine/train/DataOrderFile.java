package mda.engine.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import mda.engine.train.TrainFileException.Reason;

/**
 * Binary manifest format, version 1, all little-endian, so an independent Python reader needs only {@code struct}:
 * <pre>
 * offset size content
 *   0     8   magic "MDAORDER"
 *   8     4   u32 version (1)
 *  12     4   u32 kind: 0 = seeded shuffle, 1 = sequential (Pythia)
 *  16     4   i32 steps S
 *  20     4   i32 batch B
 *  24     8   i64 sampleCount N
 *  32     8   i64 seed
 *  40     4   u32 CRC-32 of the id bytes
 *  44     4   reserved, 0
 *  48   8·S·B i64 sample ids, flat index step·B + slot; -1 = empty slot
 * </pre>
 */
final class DataOrderFile {
    static final byte[] MAGIC = "MDAORDER".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_BYTES = 48;
    private static final int CHUNK_IDS = 1 << 17;

    private DataOrderFile() {}

    static void write(DataOrder order, Path file) {
        IdArray ids = order.ids();
        AtomicFiles.write(file, ch -> {
            ch.position(HEADER_BYTES);
            CRC32 crc = new CRC32();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK_IDS * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < ids.length(); i += CHUNK_IDS) {
                buf.clear();
                int end = Math.min(ids.length(), i + CHUNK_IDS);
                for (int k = i; k < end; k++) {
                    buf.putLong(ids.get(k));
                }
                buf.flip();
                crc.update(buf.duplicate());
                AtomicFiles.writeFully(ch, buf);
            }
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            h.put(MAGIC).putInt(VERSION).putInt(order.kind().ordinal()).putInt(order.steps())
                    .putInt(order.batchSize()).putLong(order.sampleCount()).putLong(order.seed())
                    .putInt((int) crc.getValue()).putInt(0).flip();
            ch.position(0);
            AtomicFiles.writeFully(ch, h);
        });
    }

    static DataOrder read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, ch);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such data-order file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read data order: " + e.getMessage(), e);
        }
    }

    private static DataOrder read(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < MAGIC.length) {
            throw new TrainFileException(file, Reason.TRUNCATED, "truncated data-order file: " + size
                    + " bytes, shorter than its 8-byte magic");
        }
        ByteBuffer h = ByteBuffer.allocate((int) Math.min(size, HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, h, 0);
        h.flip();
        byte[] magic = new byte[MAGIC.length];
        h.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new TrainFileException(file, Reason.WRONG_MAGIC, "not a data-order file (magic '"
                    + printable(magic) + "', expected 'MDAORDER')");
        }
        if (size < HEADER_BYTES) {
            throw new TrainFileException(file, Reason.TRUNCATED, "truncated data-order file: " + size
                    + " bytes, the header alone needs " + HEADER_BYTES);
        }
        int version = h.getInt();
        if (version != VERSION) {
            throw new TrainFileException(file, Reason.UNSUPPORTED_VERSION, "data-order format version "
                    + Integer.toUnsignedString(version) + " is not supported (this build reads version " + VERSION + ")");
        }
        int kindCode = h.getInt();
        int steps = h.getInt();
        int batch = h.getInt();
        long sampleCount = h.getLong();
        long seed = h.getLong();
        int storedCrc = h.getInt();
        if (kindCode < 0 || kindCode >= DataOrder.Kind.values().length || steps <= 0 || batch <= 0
                || sampleCount <= 0 || (long) steps * batch > Integer.MAX_VALUE - 8) {
            throw new TrainFileException(file, Reason.BAD_HEADER, "corrupt data-order header (kind " + kindCode
                    + ", steps " + steps + ", batch " + batch + ", sampleCount " + sampleCount + ")");
        }
        long slots = (long) steps * batch;
        long expected = HEADER_BYTES + 8 * slots;
        if (size < expected) {
            throw new TrainFileException(file, Reason.TRUNCATED, "truncated data-order file: " + size + " bytes, "
                    + expected + " expected for " + steps + " steps × " + batch + " slots");
        }
        if (size > expected) {
            throw new TrainFileException(file, Reason.TRAILING_BYTES, (size - expected)
                    + " unexpected bytes after the last sample id (" + steps + " steps × " + batch + " slots)");
        }
        IdArray ids = IdArray.allocate(slots, sampleCount);
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_IDS * 8).order(ByteOrder.LITTLE_ENDIAN);
        long pos = HEADER_BYTES;
        for (int i = 0; i < slots; ) {
            int n = (int) Math.min(CHUNK_IDS, slots - i);
            buf.clear().limit(n * 8);
            readFully(ch, buf, pos);
            pos += n * 8L;
            buf.flip();
            crc.update(buf.duplicate());
            for (int k = 0; k < n; k++, i++) {
                long id = buf.getLong();
                if (id < DataOrder.EMPTY || id >= sampleCount) {
                    throw new TrainFileException(file, Reason.BAD_VALUE, "corrupt data order: step " + (i / batch)
                            + " slot " + (i % batch) + " holds sample id " + id + ", outside [0, " + sampleCount + ")");
                }
                ids.set(i, id);
            }
        }
        if ((int) crc.getValue() != storedCrc) {
            throw new TrainFileException(file, Reason.CHECKSUM, "corrupt data order: checksum mismatch over the "
                    + slots + " sample ids");
        }
        return new DataOrder(DataOrder.Kind.values()[kindCode], steps, batch, sampleCount, seed, ids);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        long p = pos;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new IOException("unexpected end of file at byte " + p);
            }
            p += r;
        }
    }

    private static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(x >= 32 && x < 127 ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
        }
        return s.toString();
    }
}
