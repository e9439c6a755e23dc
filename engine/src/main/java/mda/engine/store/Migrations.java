package mda.engine.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The ordered schema migrations of a project database. The schema version lives in SQLite's
 * {@code PRAGMA user_version}; opening an older project applies the missing steps in one transaction,
 * so a failure leaves the project exactly as it was.
 */
final class Migrations {
    private Migrations() {}

    /** The migrations this program ships, in order. */
    static List<Migration> standard() {
        return List.of(new Migration(1, "initial schema", Migrations::v1));
    }

    /** Checks that the list is 1, 2, …, n and returns n. */
    static int latest(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalStateException("migrations must be numbered 1.." + migrations.size()
                        + " in order, found version " + migrations.get(i).version() + " at position " + (i + 1));
            }
        }
        return migrations.size();
    }

    static int userVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Applies every migration above {@code from} in a single transaction, updating user_version after each.
     * The connection must be in auto-commit mode; it is returned in that mode.
     */
    static void migrate(Connection c, int from, List<Migration> migrations, Path dbFile) {
        int to = latest(migrations);
        if (from >= to) {
            return;
        }
        Migration current = null;
        try {
            c.setAutoCommit(false);
            for (Migration m : migrations.subList(from, to)) {
                current = m;
                m.step().apply(c);
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA user_version = " + m.version());
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException re) {
                e.addSuppressed(re);
            }
            String step = current == null ? "" : " at step " + current.version() + " (" + current.description() + ")";
            throw new StoreException("could not migrate " + dbFile + " from schema version " + from + " to " + to
                    + step + ": " + e.getMessage() + "; the project is unchanged", e);
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                // The transaction has already been committed or rolled back; the connection is closed next on error.
            }
        }
    }

    private static void exec(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** Version 1: every table of the first release. Times are epoch milliseconds; paths are relative to blobs/. */
    private static void v1(Connection c) throws SQLException {
        exec(c,
            "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE corpus (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
                + " tokenizer_path TEXT, store_path TEXT, vocab INTEGER NOT NULL DEFAULT 0,"
                + " tokens INTEGER NOT NULL DEFAULT 0, documents INTEGER NOT NULL DEFAULT 0,"
                + " created INTEGER NOT NULL, meta_json TEXT)",
            "CREATE TABLE run (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                + " corpus_id INTEGER REFERENCES corpus(id), config_json TEXT NOT NULL, train_json TEXT,"
                + " seed INTEGER NOT NULL, status TEXT NOT NULL, parent_run_id INTEGER REFERENCES run(id),"
                + " plan_json TEXT, device TEXT, versions TEXT, threads INTEGER NOT NULL DEFAULT 0,"
                + " created INTEGER NOT NULL, updated INTEGER NOT NULL, error TEXT)",
            "CREATE TABLE checkpoint (run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
                + " step INTEGER NOT NULL, tokens_seen INTEGER NOT NULL, path TEXT, created INTEGER NOT NULL,"
                + " PRIMARY KEY (run_id, step))",
            // layer/head are -1 for run-level metrics such as loss; the key makes re-recording a step idempotent.
            "CREATE TABLE metric (run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
                + " step INTEGER NOT NULL, layer INTEGER NOT NULL, head INTEGER NOT NULL, kind TEXT NOT NULL,"
                + " value REAL NOT NULL, ci_lo REAL, ci_hi REAL, PRIMARY KEY (run_id, kind, layer, head, step))",
            "CREATE INDEX metric_run_kind ON metric (run_id, kind, step)",
            "CREATE INDEX metric_run_step ON metric (run_id, step)",
            "CREATE TABLE attribution (id INTEGER PRIMARY KEY,"
                + " run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE, step INTEGER NOT NULL,"
                + " layer INTEGER NOT NULL, head INTEGER NOT NULL, probe TEXT NOT NULL, mode TEXT NOT NULL,"
                + " damping REAL NOT NULL, status TEXT NOT NULL, factors_path TEXT, scores_path TEXT,"
                + " created INTEGER NOT NULL)",
            "CREATE INDEX attribution_run ON attribution (run_id, step, layer, head)",
            "CREATE TABLE job (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, params_json TEXT NOT NULL,"
                + " state TEXT NOT NULL, phase TEXT, done INTEGER NOT NULL DEFAULT 0,"
                + " total INTEGER NOT NULL DEFAULT 0, message TEXT, error TEXT, pid INTEGER,"
                + " created INTEGER NOT NULL, updated INTEGER NOT NULL)",
            "CREATE INDEX job_state ON job (state)");
    }
}
