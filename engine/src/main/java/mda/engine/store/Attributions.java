package mda.engine.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code attribution} table. */
public final class Attributions {
    private static final String COLS = "id, run_id, step, layer, head, probe, mode, damping, status, factors_path,"
            + " scores_path, created";
    private final Project db;

    Attributions(Project db) {
        this.db = db;
    }

    public AttributionRecord insert(AttributionRecord r) {
        long now = System.currentTimeMillis();
        long id = db.tx("insert attribution", c -> Rows.insert(c,
                "INSERT INTO attribution(run_id, step, layer, head, probe, mode, damping, status, factors_path,"
                        + " scores_path, created) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                r.runId(), r.step(), r.layer(), r.head(), r.probe(), r.mode(), r.damping(), r.status(),
                r.factorsPath(), r.scoresPath(), now));
        return get(id).orElseThrow();
    }

    /** Records the stage reached and the blobs written so far (null keeps a path as it is). */
    public void update(long id, String status, String factorsPath, String scoresPath) {
        int n = db.tx("update attribution " + id, c -> Rows.update(c,
                "UPDATE attribution SET status = ?, factors_path = coalesce(?, factors_path),"
                        + " scores_path = coalesce(?, scores_path) WHERE id = ?", status, factorsPath, scoresPath, id));
        if (n != 1) {
            throw new StoreException("no attribution with id " + id + " in " + db.dbFile());
        }
    }

    public Optional<AttributionRecord> get(long id) {
        return db.read("read attribution " + id, c -> Rows.one(c, Attributions::map,
                "SELECT " + COLS + " FROM attribution WHERE id = ?", id));
    }

    public List<AttributionRecord> forRun(long runId) {
        return db.read("list attributions of run " + runId, c -> Rows.list(c, Attributions::map,
                "SELECT " + COLS + " FROM attribution WHERE run_id = ? ORDER BY id", runId));
    }

    private static AttributionRecord map(ResultSet rs) throws SQLException {
        return new AttributionRecord(rs.getLong("id"), rs.getLong("run_id"), rs.getLong("step"), rs.getInt("layer"),
                rs.getInt("head"), rs.getString("probe"), rs.getString("mode"), rs.getDouble("damping"),
                rs.getString("status"), rs.getString("factors_path"), rs.getString("scores_path"),
                rs.getLong("created"));
    }
}
