package mda.engine.attribution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Token-level influence (spec §3.9) of the most helpful and most harmful samples of an attribution: for each kept
 * sample, {@code c[t]} per input position t (float32) and its score {@code I(z) = Σ_t c[t]} (summed in float64).
 * Keeping only the top and bottom {@code k} bounds the file at {@code 2k·T} floats whatever the corpus size, and the
 * global top k is always among the union of each shard's top k, so shards can be reduced independently.
 *
 * <p>File ({@link BinaryIo} container, magic {@code MDATOKEN}, version 1): int T, int m, then m rows of
 * (int sampleId, double score, float c[T]), in increasing sample id.
 */
public final class TokenContributions {
    /** Samples kept at each end by default. */
    public static final int DEFAULT_KEEP = 256;
    private static final String MAGIC = "MDATOKEN";
    private static final int VERSION = 1;

    /** One kept sample: its id, score and per-position contributions. */
    public record Row(long sampleId, double score, float[] contributions) {
        /** The {@code n} positions with the largest contributions, largest first. */
        public int[] topPositions(int n) {
            Integer[] idx = new Integer[contributions.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> Float.compare(contributions[b], contributions[a]));
            int[] out = new int[Math.min(n, idx.length)];
            for (int i = 0; i < out.length; i++) {
                out[i] = idx[i];
            }
            return out;
        }
    }

    private final int positions;
    private final Map<Long, Row> rows;

    private TokenContributions(int positions, List<Row> rows) {
        this.positions = positions;
        this.rows = new HashMap<>();
        for (Row r : rows) {
            if (r.contributions().length != positions) {
                throw new IllegalArgumentException("sample " + r.sampleId() + " has " + r.contributions().length
                        + " contributions, expected " + positions);
            }
            this.rows.put(r.sampleId(), r);
        }
    }

    public int positions() {
        return positions;
    }

    public int size() {
        return rows.size();
    }

    /** The kept row of a sample, or null when the sample is neither in the top nor the bottom k. */
    public Row row(long sampleId) {
        return rows.get(sampleId);
    }

    /** The kept rows in increasing sample id. */
    public List<Row> rows() {
        List<Row> out = new ArrayList<>(rows.values());
        out.sort(Comparator.comparingLong(Row::sampleId));
        return out;
    }

    /** Writes the rows atomically. */
    public void write(Path file) throws IOException {
        List<Row> sorted = rows();
        BinaryIo.write(file, MAGIC, VERSION, out -> {
            out.writeInt(positions);
            out.writeInt(sorted.size());
            for (Row r : sorted) {
                out.writeInt(Math.toIntExact(r.sampleId()));
                out.writeDouble(r.score());
                for (float c : r.contributions()) {
                    out.writeFloat(c);
                }
            }
        });
    }

    /** Reads a file written by {@link #write}; corruption or truncation names the file. */
    public static TokenContributions load(Path file) throws IOException {
        BinaryIo.Reader r = BinaryIo.open(file, MAGIC, VERSION);
        int t = r.readCount("positions", 1 << 20);
        int m = r.readCount("rows", Integer.MAX_VALUE / Math.max(1, 4 * t + 12));
        List<Row> rows = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            long id = r.readInt();
            double score = r.readDouble();
            float[] c = new float[t];
            for (int k = 0; k < t; k++) {
                c[k] = r.readFloat();
            }
            rows.add(new Row(id, score, c));
        }
        r.finish();
        return new TokenContributions(t, rows);
    }

    /**
     * Keeps the {@code keep} highest- and {@code keep} lowest-scoring rows offered to it (a sample in both ends
     * is kept once).
     */
    public static final class Selector {
        private final int keep;
        private final int positions;
        private final PriorityQueue<Row> top = new PriorityQueue<>(Comparator.comparingDouble(Row::score));
        private final PriorityQueue<Row> bottom =
                new PriorityQueue<>(Comparator.comparingDouble(Row::score).reversed());

        public Selector(int keep, int positions) {
            if (keep < 1 || positions < 1) {
                throw new IllegalArgumentException("keep and positions must be ≥ 1, got " + keep + ", " + positions);
            }
            this.keep = keep;
            this.positions = positions;
        }

        /** Offers a sample; the contributions are copied to float32 only when the row is kept. */
        public void offer(long sampleId, double[] contributions) {
            double s = 0;
            for (double c : contributions) {
                s += c;
            }
            boolean toTop = top.size() < keep || s > top.peek().score();
            boolean toBottom = bottom.size() < keep || s < bottom.peek().score();
            if (!toTop && !toBottom) {
                return;
            }
            float[] f = new float[contributions.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) contributions[i];
            }
            offer(new Row(sampleId, s, f));
        }

        /** Offers an already reduced row (merging shards). */
        public void offer(Row row) {
            if (row.contributions().length != positions) {
                throw new IllegalArgumentException("sample " + row.sampleId() + " has " + row.contributions().length
                        + " positions, expected " + positions);
            }
            push(top, row, row.score() > (top.isEmpty() ? Double.NEGATIVE_INFINITY : top.peek().score()));
            push(bottom, row, row.score() < (bottom.isEmpty() ? Double.POSITIVE_INFINITY : bottom.peek().score()));
        }

        private void push(PriorityQueue<Row> q, Row row, boolean beatsWorst) {
            if (q.size() < keep) {
                q.add(row);
            } else if (beatsWorst) {
                q.poll();
                q.add(row);
            }
        }

        public TokenContributions result() {
            Map<Long, Row> all = new HashMap<>();
            for (Row r : top) {
                all.put(r.sampleId(), r);
            }
            for (Row r : bottom) {
                all.put(r.sampleId(), r);
            }
            return new TokenContributions(positions, new ArrayList<>(all.values()));
        }
    }
}
