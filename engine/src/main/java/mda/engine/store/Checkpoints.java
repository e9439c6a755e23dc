package mda.engine.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code checkpoint} table. */
public final class Checkpoints {
    private static final String COLS = "run_id, step, tokens_seen, path, created";
    private final Project db;

    Checkpoints(Project db) {
        this.db = db;
    }

    /** Records a checkpoint; recording the same step again (a resumed run) replaces it. */
    public CheckpointRecord put(long runId, long step, long tokensSeen, String path) {
        if (step < 0 || tokensSeen < 0) {
            throw new IllegalArgumentException("checkpoint of run " + runId + ": step " + step + " and tokens seen "
                    + tokensSeen + " must not be negative");
        }
        long now = System.currentTimeMillis();
        db.tx("write checkpoint " + runId + "@" + step, c -> Rows.update(c,
                "INSERT OR REPLACE INTO checkpoint(run_id, step, tokens_seen, path, created) VALUES (?,?,?,?,?)",
                runId, step, tokensSeen, path, now));
        return new CheckpointRecord(runId, step, tokensSeen, path, now);
    }

    public Optional<CheckpointRecord> get(long runId, long step) {
        return db.read("read checkpoint " + runId + "@" + step, c -> Rows.one(c, Checkpoints::map,
                "SELECT " + COLS + " FROM checkpoint WHERE run_id = ? AND step = ?", runId, step));
    }

    /** All checkpoints of a run by increasing step. */
    public List<CheckpointRecord> list(long runId) {
        return db.read("list checkpoints of run " + runId, c -> Rows.list(c, Checkpoints::map,
                "SELECT " + COLS + " FROM checkpoint WHERE run_id = ? ORDER BY step", runId));
    }

    /** The newest checkpoint with weights: where a resumed run restarts. */
    public Optional<CheckpointRecord> latestWithWeights(long runId) {
        return db.read("read latest checkpoint of run " + runId, c -> Rows.one(c, Checkpoints::map,
                "SELECT " + COLS + " FROM checkpoint WHERE run_id = ? AND path IS NOT NULL ORDER BY step DESC LIMIT 1",
                runId));
    }

    private static CheckpointRecord map(ResultSet rs) throws SQLException {
        return new CheckpointRecord(rs.getLong("run_id"), rs.getLong("step"), rs.getLong("tokens_seen"),
                rs.getString("path"), rs.getLong("created"));
    }
}
