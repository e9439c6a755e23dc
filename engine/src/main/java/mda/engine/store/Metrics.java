package mda.engine.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** The {@code metric} table: per-head and run-level values by checkpoint step. */
public final class Metrics {
    private final Project db;

    Metrics(Project db) {
        this.db = db;
    }

    /** Writes all values of one checkpoint in one transaction; re-recording a step replaces its values. */
    public void record(long runId, long step, List<MetricValue> values) {
        db.tx("write metrics of run " + runId + " step " + step, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO metric"
                    + "(run_id, step, layer, head, kind, value, ci_lo, ci_hi) VALUES (?,?,?,?,?,?,?,?)")) {
                for (MetricValue v : values) {
                    if (Double.isNaN(v.value())) {
                        throw new IllegalArgumentException("metric " + v.kind() + " of run " + runId + " at step "
                                + step + " (layer " + v.layer() + ", head " + v.head() + ") is NaN");
                    }
                    Rows.bind(ps, runId, step, v.layer(), v.head(), v.kind(), v.value(), v.ciLo(), v.ciHi());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** A head's metric over steps; use {@code layer = head = -1} for run-level metrics. */
    public MetricSeries series(long runId, String kind, int layer, int head) {
        return db.read("read " + kind + " series of run " + runId, c -> {
            try (PreparedStatement ps = Rows.prepare(c, "SELECT step, value, ci_lo, ci_hi FROM metric"
                    + " WHERE run_id = ? AND kind = ? AND layer = ? AND head = ? ORDER BY step", runId, kind, layer, head);
                 ResultSet rs = ps.executeQuery()) {
                List<double[]> rows = new ArrayList<>();
                List<Long> steps = new ArrayList<>();
                while (rs.next()) {
                    steps.add(rs.getLong(1));
                    rows.add(new double[] {rs.getDouble(2), Rows.doubleOrNaN(rs, "ci_lo"), Rows.doubleOrNaN(rs, "ci_hi")});
                }
                int n = steps.size();
                long[] s = new long[n];
                double[] v = new double[n];
                double[] lo = new double[n];
                double[] hi = new double[n];
                for (int i = 0; i < n; i++) {
                    s[i] = steps.get(i);
                    v[i] = rows.get(i)[0];
                    lo[i] = rows.get(i)[1];
                    hi[i] = rows.get(i)[2];
                }
                return new MetricSeries(s, v, lo, hi);
            }
        });
    }

    /**
     * The layers × heads table of one metric at one step (for the heatmap), sized by the largest layer and head
     * stored; cells with no value are NaN. Empty when nothing per-head was stored at that step.
     */
    public double[][] atStep(long runId, long step, String kind) {
        return db.read("read " + kind + " of run " + runId + " at step " + step, c -> {
            List<int[]> cells = new ArrayList<>();
            List<Double> vals = new ArrayList<>();
            int layers = 0;
            int heads = 0;
            try (PreparedStatement ps = Rows.prepare(c, "SELECT layer, head, value FROM metric"
                    + " WHERE run_id = ? AND step = ? AND kind = ? AND layer >= 0", runId, step, kind);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int l = rs.getInt(1);
                    int h = rs.getInt(2);
                    cells.add(new int[] {l, h});
                    vals.add(rs.getDouble(3));
                    layers = Math.max(layers, l + 1);
                    heads = Math.max(heads, h + 1);
                }
            }
            double[][] table = new double[layers][heads];
            for (double[] row : table) {
                Arrays.fill(row, Double.NaN);
            }
            for (int i = 0; i < cells.size(); i++) {
                table[cells.get(i)[0]][cells.get(i)[1]] = vals.get(i);
            }
            return table;
        });
    }

    /** The last step with any metric for the run, empty when none was recorded. */
    public OptionalLong latestStep(long runId) {
        return db.read("read latest metric step of run " + runId, c -> {
            try (PreparedStatement ps = Rows.prepare(c, "SELECT max(step) FROM metric WHERE run_id = ?", runId);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
            }
        });
    }

    /** The metric kinds recorded for a run, sorted. */
    public List<String> kinds(long runId) {
        return db.read("list metric kinds of run " + runId, c -> Rows.list(c, rs -> rs.getString(1),
                "SELECT DISTINCT kind FROM metric WHERE run_id = ? ORDER BY kind", runId));
    }
}
