package mda.engine.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code run} table. */
public final class Runs {
    private static final String COLS = "id, name, corpus_id, config_json, train_json, seed, status, parent_run_id,"
            + " plan_json, device, versions, threads, created, updated, error";
    private final Project db;

    Runs(Project db) {
        this.db = db;
    }

    /** Inserts a run (id, created and updated of the argument are ignored) and returns the stored row. */
    public RunRecord insert(RunRecord r) {
        long now = System.currentTimeMillis();
        long id = db.tx("insert run " + r.name(), c -> Rows.insert(c,
                "INSERT INTO run(name, corpus_id, config_json, train_json, seed, status, parent_run_id, plan_json,"
                        + " device, versions, threads, created, updated, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                r.name(), r.corpusId(), r.configJson(), r.trainJson(), r.seed(), r.status(), r.parentRunId(),
                r.planJson(), r.device(), r.versions(), r.threads(), now, now, r.error()));
        return get(id).orElseThrow();
    }

    /** Sets the status; {@code error} is the one-line reason for FAILED and null otherwise. */
    public void setStatus(long id, RunStatus status, String error) {
        expectOne(id, db.tx("update run " + id, c -> Rows.update(c,
                "UPDATE run SET status=?, error=?, updated=? WHERE id=?",
                status, error, System.currentTimeMillis(), id)));
    }

    /** Records where and with what the run executes (shown in the UI beside the results). */
    public void setEnvironment(long id, String device, String versions, int threads) {
        expectOne(id, db.tx("update run " + id, c -> Rows.update(c,
                "UPDATE run SET device=?, versions=?, threads=?, updated=? WHERE id=?",
                device, versions, threads, System.currentTimeMillis(), id)));
    }

    public Optional<RunRecord> get(long id) {
        return db.read("read run " + id, c -> Rows.one(c, Runs::map, "SELECT " + COLS + " FROM run WHERE id = ?", id));
    }

    public Optional<RunRecord> byName(String name) {
        return db.read("read run " + name, c -> Rows.one(c, Runs::map,
                "SELECT " + COLS + " FROM run WHERE name = ?", name));
    }

    public List<RunRecord> list() {
        return db.read("list runs", c -> Rows.list(c, Runs::map, "SELECT " + COLS + " FROM run ORDER BY id"));
    }

    /** Runs derived from {@code parentRunId} (interventions), oldest first. */
    public List<RunRecord> children(long parentRunId) {
        return db.read("list runs of " + parentRunId, c -> Rows.list(c, Runs::map,
                "SELECT " + COLS + " FROM run WHERE parent_run_id = ? ORDER BY id", parentRunId));
    }

    private void expectOne(long id, int changed) {
        if (changed != 1) {
            throw new StoreException("no run with id " + id + " in " + db.dbFile());
        }
    }

    private static RunRecord map(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getLong("id"), rs.getString("name"), Rows.longOrNull(rs, "corpus_id"),
                rs.getString("config_json"), rs.getString("train_json"), rs.getLong("seed"),
                Rows.enumOf(RunStatus.class, rs.getString("status")), Rows.longOrNull(rs, "parent_run_id"),
                rs.getString("plan_json"), rs.getString("device"), rs.getString("versions"), rs.getInt("threads"),
                rs.getLong("created"), rs.getLong("updated"), rs.getString("error"));
    }
}
