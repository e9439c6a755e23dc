package mda.engine.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The {@code job} table. A job left RUNNING by a process that no longer exists is stale: the next run marks
 * it INTERRUPTED and the job resumes from its own checkpoints.
 */
public final class JobsTable {
    private static final String COLS = "id, kind, params_json, state, phase, done, total, message, error, pid,"
            + " created, updated";
    private final Project db;

    JobsTable(Project db) {
        this.db = db;
    }

    /** Inserts a job row and returns its id; {@code pid} is the process that runs it (null if none yet). */
    public long insert(String kind, String paramsJson, JobState state, Long pid) {
        long now = System.currentTimeMillis();
        return db.tx("insert job " + kind, c -> Rows.insert(c,
                "INSERT INTO job(kind, params_json, state, pid, created, updated) VALUES (?,?,?,?,?,?)",
                kind, paramsJson == null ? "{}" : paramsJson, state, pid, now, now));
    }

    public void updateProgress(long id, String phase, long done, long total, String message) {
        expectOne(id, db.tx("update job " + id, c -> Rows.update(c,
                "UPDATE job SET phase=?, done=?, total=?, message=?, updated=? WHERE id=?",
                phase, done, total, message, System.currentTimeMillis(), id)));
    }

    /** Sets the state; {@code error} is the one-line reason of a failed job, null otherwise. */
    public void setState(long id, JobState state, String error) {
        expectOne(id, db.tx("update job " + id, c -> Rows.update(c,
                "UPDATE job SET state=?, error=?, updated=? WHERE id=?",
                state, error, System.currentTimeMillis(), id)));
    }

    public Optional<JobRecord> get(long id) {
        return db.read("read job " + id, c -> Rows.one(c, JobsTable::map, "SELECT " + COLS + " FROM job WHERE id = ?", id));
    }

    /** All jobs, newest first. */
    public List<JobRecord> list() {
        return db.read("list jobs", c -> Rows.list(c, JobsTable::map, "SELECT " + COLS + " FROM job ORDER BY id DESC"));
    }

    /** Jobs marked RUNNING whose process is gone (checked with {@link ProcessHandle}). */
    public List<JobRecord> stale() {
        return stale(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    List<JobRecord> stale(LongPredicate alive) {
        List<JobRecord> running = db.read("list running jobs", c -> Rows.list(c, JobsTable::map,
                "SELECT " + COLS + " FROM job WHERE state = ? ORDER BY id", JobState.RUNNING));
        return running.stream().filter(j -> j.pid() == null || !alive.test(j.pid())).toList();
    }

    /** Marks every stale job INTERRUPTED and returns them as they were. */
    public List<JobRecord> markStaleInterrupted() {
        return db.tx("mark stale jobs", c -> {
            List<JobRecord> stale = stale();
            for (JobRecord j : stale) {
                setState(j.id(), JobState.INTERRUPTED, "the process running it (pid " + j.pid() + ") ended");
            }
            return stale;
        });
    }

    /** The newest INTERRUPTED job with this kind and these exact parameters: the attempt a rerun resumes. */
    public Optional<JobRecord> lastInterrupted(String kind, String paramsJson) {
        return db.read("find interrupted job " + kind, c -> Rows.one(c, JobsTable::map,
                "SELECT " + COLS + " FROM job WHERE kind = ? AND params_json = ? AND state = ? ORDER BY id DESC LIMIT 1",
                kind, paramsJson == null ? "{}" : paramsJson, JobState.INTERRUPTED));
    }

    private void expectOne(long id, int changed) {
        if (changed != 1) {
            throw new StoreException("no job with id " + id + " in " + db.dbFile());
        }
    }

    private static JobRecord map(ResultSet rs) throws SQLException {
        return new JobRecord(rs.getLong("id"), rs.getString("kind"), rs.getString("params_json"),
                Rows.enumOf(JobState.class, rs.getString("state")), rs.getString("phase"), rs.getLong("done"),
                rs.getLong("total"), rs.getString("message"), rs.getString("error"), Rows.longOrNull(rs, "pid"),
                rs.getLong("created"), rs.getLong("updated"));
    }
}
