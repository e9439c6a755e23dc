package mda.engine.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * An MDA project: a folder holding {@code project.db} (SQLite in WAL mode, foreign keys on, versioned
 * schema) and {@code blobs/} (checkpoints, token stores, score arrays; the database stores their paths
 * relative to {@code blobs/}). All access to the database goes through this class and its DAOs, which
 * serialise on one connection; other processes may open the same project concurrently (WAL readers,
 * writers wait up to the busy timeout).
 */
public final class Project implements AutoCloseable {
    public static final String DB_FILE = "project.db";
    public static final String BLOB_DIR = "blobs";
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final Path dir;
    private final Connection conn;
    private final int schemaVersion;
    private final Object lock = new Object();
    private int txDepth;
    private boolean closed;

    private final Corpora corpora = new Corpora(this);
    private final Runs runs = new Runs(this);
    private final Checkpoints checkpoints = new Checkpoints(this);
    private final Metrics metrics = new Metrics(this);
    private final Attributions attributions = new Attributions(this);
    private final JobsTable jobs = new JobsTable(this);
    private final Settings settings = new Settings(this);

    private Project(Path dir, Connection conn, int schemaVersion) {
        this.dir = dir;
        this.conn = conn;
        this.schemaVersion = schemaVersion;
    }

    /** Creates a new project in {@code dir} (created if needed); refuses a folder that already holds one. */
    public static Project create(Path dir) {
        return create(dir, Migrations.standard());
    }

    /** Opens an existing project, migrating an older schema; errors name the folder and the problem. */
    public static Project open(Path dir) {
        return open(dir, Migrations.standard());
    }

    /** The schema version this program writes. */
    public static int supportedSchemaVersion() {
        return Migrations.latest(Migrations.standard());
    }

    static Project create(Path dir, List<Migration> migrations) {
        Path abs = dir.toAbsolutePath().normalize();
        Path db = abs.resolve(DB_FILE);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new StoreException("cannot create a project at " + abs + ": it is a file, not a folder");
        }
        if (Files.exists(db)) {
            throw new StoreException("cannot create a project at " + abs + ": it already contains a project ("
                    + DB_FILE + "); open it instead");
        }
        try {
            Files.createDirectories(abs.resolve(BLOB_DIR));
        } catch (IOException e) {
            throw new StoreException("cannot create project folder " + abs + ": " + e, e);
        }
        Connection c = null;
        try {
            c = connect(db, true);
            enableWal(c, db);
            Migrations.migrate(c, 0, migrations, db);
            Project p = new Project(abs, c, Migrations.latest(migrations));
            p.settings().put("created_by", "MDA Workbench");
            return p;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c, e);
            deleteQuietly(db, e); // a half-made project would block the next attempt to create it
            if (e instanceof StoreException) {
                throw (StoreException) e;
            }
            throw new StoreException("cannot create project database " + db + ": " + e.getMessage(), e);
        }
    }

    static Project open(Path dir, List<Migration> migrations) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new StoreException("project folder " + abs + " does not exist");
        }
        if (!Files.isDirectory(abs)) {
            throw new StoreException(abs + " is a file, not a project folder");
        }
        Path db = abs.resolve(DB_FILE);
        if (!Files.isRegularFile(db)) {
            throw new StoreException(abs + " is not an MDA project: it has no " + DB_FILE);
        }
        checkHeader(db);
        int latest = Migrations.latest(migrations);
        Connection c = null;
        try {
            int version;
            try {
                c = connect(db, false); // connecting applies pragmas, which already read the header page
                version = Migrations.userVersion(c);
                try (Statement st = c.createStatement();
                     var rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
                    rs.next(); // reading the schema catches a corrupt first page
                }
            } catch (SQLException e) {
                throw new StoreException(db + " is corrupt or not a project database: " + oneLine(e), e);
            }
            if (version == 0) {
                throw new StoreException(db + " is a SQLite database but not an MDA project (schema version 0)");
            }
            if (version > latest) {
                throw new StoreException(db + " has schema version " + version + ", newer than this program supports ("
                        + latest + "); update MDA Workbench to open it");
            }
            enableWal(c, db);
            Migrations.migrate(c, version, migrations, db);
            Files.createDirectories(abs.resolve(BLOB_DIR));
            return new Project(abs, c, latest);
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(c, e);
            if (e instanceof StoreException) {
                throw (StoreException) e;
            }
            throw new StoreException("cannot open project " + abs + ": " + e.getMessage(), e);
        }
    }

    /** Rejects files that are not SQLite before SQLite touches them, so they stay byte-for-byte untouched. */
    private static void checkHeader(Path db) {
        byte[] head = new byte[SQLITE_MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(db)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new StoreException("cannot read " + db + ": " + e, e);
        }
        if (n == 0) {
            throw new StoreException(db + " is empty, not a project database");
        }
        if (n < head.length || !Arrays.equals(head, SQLITE_MAGIC)) {
            throw new StoreException(db + " is not a SQLite database (wrong file header)");
        }
    }

    private static Connection connect(Path db, boolean mayCreate) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.enforceForeignKeys(true);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        // Writers take the lock at BEGIN, so two processes never deadlock upgrading read locks.
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // durable enough in WAL mode, much faster
        if (!mayCreate) {
            cfg.resetOpenMode(SQLiteOpenMode.CREATE);
        }
        return cfg.createConnection("jdbc:sqlite:" + db);
    }

    private static void enableWal(Connection c, Path db) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
            String mode = rs.next() ? rs.getString(1) : "?";
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new StoreException("cannot switch " + db + " to WAL mode (journal mode is " + mode + ")");
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public Path dbFile() {
        return dir.resolve(DB_FILE);
    }

    public Path blobDir() {
        return dir.resolve(BLOB_DIR);
    }

    /** Resolves a blob path as stored in the database; refuses absolute paths and paths leaving blobs/. */
    public Path blob(String relative) {
        if (relative == null || relative.isBlank()) {
            throw new IllegalArgumentException("blob path must not be empty");
        }
        Path rel = Path.of(relative);
        Path resolved = blobDir().resolve(rel).normalize();
        if (rel.isAbsolute() || !resolved.startsWith(blobDir())) {
            throw new IllegalArgumentException("blob path '" + relative + "' must stay inside " + blobDir());
        }
        return resolved;
    }

    /** The path to store in the database for a file under blobs/ (forward slashes on every platform). */
    public String relativeBlobPath(Path blob) {
        Path abs = blob.toAbsolutePath().normalize();
        if (!abs.startsWith(blobDir())) {
            throw new IllegalArgumentException(blob + " is not inside " + blobDir());
        }
        return blobDir().relativize(abs).toString().replace('\\', '/');
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public Corpora corpora() {
        return corpora;
    }

    public Runs runs() {
        return runs;
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    public Metrics metrics() {
        return metrics;
    }

    public Attributions attributions() {
        return attributions;
    }

    public JobsTable jobs() {
        return jobs;
    }

    public Settings settings() {
        return settings;
    }

    /** Runs {@code work} in one transaction; DAO calls inside join it, and any exception rolls it all back. */
    public <T> T inTransaction(Supplier<T> work) {
        return tx("transaction", c -> work.get());
    }

    /** Runs write work in a transaction (joining an enclosing one). */
    <T> T tx(String what, SqlWork<T> work) {
        synchronized (lock) {
            ensureOpen();
            boolean outer = txDepth == 0;
            try {
                if (outer) {
                    conn.setAutoCommit(false);
                }
                txDepth++;
                T result;
                try {
                    result = work.apply(conn);
                } finally {
                    txDepth--;
                }
                if (outer) {
                    conn.commit();
                }
                return result;
            } catch (SQLException e) {
                if (outer) {
                    rollback(e);
                }
                throw new StoreException(what + " failed in " + dbFile() + ": " + oneLine(e), e);
            } catch (RuntimeException | Error e) {
                if (outer) {
                    rollback(e);
                }
                throw e;
            } finally {
                if (outer) {
                    try {
                        conn.setAutoCommit(true);
                    } catch (SQLException e) {
                        throw new StoreException("cannot reset auto-commit on " + dbFile() + ": " + oneLine(e), e);
                    }
                }
            }
        }
    }

    /** Runs read work under the connection lock (inside an enclosing transaction if there is one). */
    <T> T read(String what, SqlWork<T> work) {
        synchronized (lock) {
            ensureOpen();
            try {
                return work.apply(conn);
            } catch (SQLException e) {
                throw new StoreException(what + " failed in " + dbFile() + ": " + oneLine(e), e);
            }
        }
    }

    private void rollback(Throwable cause) {
        try {
            conn.rollback();
        } catch (SQLException re) {
            cause.addSuppressed(re);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("project " + dir + " is closed");
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                conn.close();
            } catch (SQLException e) {
                throw new StoreException("cannot close " + dbFile() + ": " + oneLine(e), e);
            }
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void closeQuietly(Connection c, Throwable cause) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private static void deleteQuietly(Path db, Throwable cause) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
