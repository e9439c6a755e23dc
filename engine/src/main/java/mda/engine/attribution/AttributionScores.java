package mda.engine.attribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import mda.engine.store.Blobs;

/**
 * All influence scores of one attribution, in increasing sample-id order: {@code I(z)} (spec §0.3 sign: positive =
 * helps the head form) and the sample's mean real-label token loss.
 *
 * <p>File layout, little-endian: 8-byte magic {@code MDASCORE}, int32 version (1), int32 count n, then
 * int32 sampleIds[n], float32 scores[n], float32 meanLoss[n]. Loaded with one read into a buffer.
 */
public record AttributionScores(int[] sampleIds, float[] scores, float[] meanLoss) {
    private static final byte[] MAGIC = "MDASCORE".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER = 16;

    public AttributionScores {
        if (sampleIds.length != scores.length || scores.length != meanLoss.length) {
            throw new IllegalArgumentException("sampleIds, scores and meanLoss differ in length: " + sampleIds.length
                    + ", " + scores.length + ", " + meanLoss.length);
        }
        for (int i = 1; i < sampleIds.length; i++) {
            if (sampleIds[i] <= sampleIds[i - 1]) {
                throw new IllegalArgumentException("sample ids must increase, got " + sampleIds[i - 1] + " then "
                        + sampleIds[i] + " at index " + i);
            }
        }
    }

    public int size() {
        return scores.length;
    }

    /** Writes the scores atomically. */
    public void write(Path file) throws IOException {
        int n = size();
        ByteBuffer buf = ByteBuffer.allocate(HEADER + 12 * n).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(VERSION).putInt(n);
        buf.asIntBuffer().put(sampleIds);
        buf.position(HEADER + 4 * n);
        buf.asFloatBuffer().put(scores);
        buf.position(HEADER + 8 * n);
        buf.asFloatBuffer().put(meanLoss);
        buf.position(0);
        Blobs.writeAtomic(file, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        });
    }

    /** Reads a file written by {@link #write}; a wrong magic, version or size names the file. */
    public static AttributionScores load(Path file) throws IOException {
        ByteBuffer buf;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER || size > Integer.MAX_VALUE) {
                throw new IOException(file + ": not a score file (size " + size + " bytes)");
            }
            buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new IOException(file + ": truncated at byte " + buf.position());
                }
            }
        }
        buf.flip();
        byte[] magic = new byte[MAGIC.length];
        buf.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + ": not a score file (bad magic)");
        }
        int version = buf.getInt();
        if (version != VERSION) {
            throw new IOException(file + ": score file version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
        int n = buf.getInt();
        if (n < 0 || buf.capacity() != HEADER + 12L * n) {
            throw new IOException(file + ": holds " + buf.capacity() + " bytes but states " + n + " scores");
        }
        int[] ids = new int[n];
        float[] scores = new float[n];
        float[] loss = new float[n];
        IntBuffer ib = buf.position(HEADER).slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        ib.get(ids);
        FloatBuffer fb = buf.position(HEADER + 4 * n).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        fb.get(scores);
        fb = buf.position(HEADER + 8 * n).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        fb.get(loss);
        return new AttributionScores(ids, scores, loss);
    }

    /** Scores as doubles (for the analyses). */
    public double[] scoresAsDoubles() {
        double[] out = new double[scores.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = scores[i];
        }
        return out;
    }
}
