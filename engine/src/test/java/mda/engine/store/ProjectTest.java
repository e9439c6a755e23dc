package mda.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectTest {
    @TempDir
    Path tmp;

    @Test
    void createThenReopenKeepsRowsAndSchemaVersion() {
        Path dir = tmp.resolve("p");
        long runId;
        try (Project p = Project.create(dir)) {
            assertTrue(Files.isRegularFile(dir.resolve("project.db")));
            assertTrue(Files.isDirectory(p.blobDir()));
            assertEquals(Project.supportedSchemaVersion(), p.schemaVersion());
            runId = p.runs().insert(RunRecord.draft("r1", null, "{\"layers\":2}", null, 7)).id();
        }
        try (Project p = Project.open(dir)) {
            RunRecord r = p.runs().get(runId).orElseThrow();
            assertEquals("r1", r.name());
            assertEquals(7, r.seed());
            assertEquals(RunStatus.CREATED, r.status());
            assertEquals("MDA Workbench", p.settings().get("created_by").orElseThrow());
        }
    }

    @Test
    void databaseIsInWalModeWithForeignKeysOn() {
        try (Project p = Project.create(tmp.resolve("p"))) {
            assertEquals("wal", p.read("journal mode", c -> pragma(c, "journal_mode")));
            assertEquals("1", p.read("foreign keys", c -> pragma(c, "foreign_keys")));
            // A checkpoint of a run that does not exist violates the foreign key.
            StoreException e = assertThrows(StoreException.class, () -> p.checkpoints().put(999, 10, 100, null));
            assertTrue(e.getMessage().contains("FOREIGN KEY"), e.getMessage());
        }
    }

    @Test
    void createRefusesAnExistingProject() {
        Path dir = tmp.resolve("p");
        Project.create(dir).close();
        StoreException e = assertThrows(StoreException.class, () -> Project.create(dir));
        assertTrue(e.getMessage().contains("already contains a project"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void openNamesAMissingFolder() {
        Path dir = tmp.resolve("nope");
        StoreException e = assertThrows(StoreException.class, () -> Project.open(dir));
        assertEquals("project folder " + dir.toAbsolutePath() + " does not exist", e.getMessage());
        assertFalse(Files.exists(dir));
    }

    @Test
    void openNamesAFolderWithoutProjectDb() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        StoreException e = assertThrows(StoreException.class, () -> Project.open(dir));
        assertTrue(e.getMessage().endsWith("is not an MDA project: it has no project.db"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("project.db")), "open must not create a database");
    }

    @Test
    void garbageProjectDbGivesAClearErrorAndIsLeftUntouched() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("g"));
        byte[] garbage = "this is not a database at all, just some bytes\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        Path db = dir.resolve("project.db");
        Files.write(db, garbage);
        StoreException e = assertThrows(StoreException.class, () -> Project.open(dir));
        assertTrue(e.getMessage().contains("is not a SQLite database"), e.getMessage());
        assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
        assertArrayEquals(garbage, Files.readAllBytes(db));
        assertFalse(Files.exists(dir.resolve("project.db-wal")));
    }

    @Test
    void sqliteHeaderFollowedByGarbageIsReportedCorruptAndLeftUntouched() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("c"));
        byte[] bytes = new byte[4096];
        byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        for (int i = magic.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        Path db = dir.resolve("project.db");
        Files.write(db, bytes);
        StoreException e = assertThrows(StoreException.class, () -> Project.open(dir));
        assertTrue(e.getMessage().contains("is corrupt or not a project database"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertArrayEquals(bytes, Files.readAllBytes(db));
    }

    @Test
    void emptyProjectDbIsRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("e"));
        Files.createFile(dir.resolve("project.db"));
        StoreException e = assertThrows(StoreException.class, () -> Project.open(dir));
        assertTrue(e.getMessage().endsWith("project.db is empty, not a project database"), e.getMessage());
        assertEquals(0, Files.size(dir.resolve("project.db")));
    }

    @Test
    void blobPathsStayInsideTheBlobFolder() {
        try (Project p = Project.create(tmp.resolve("p"))) {
            Path b = p.blob("runs/1/step-100.safetensors");
            assertEquals(p.blobDir().resolve("runs").resolve("1").resolve("step-100.safetensors"), b);
            assertEquals("runs/1/step-100.safetensors", p.relativeBlobPath(b));
            assertThrows(IllegalArgumentException.class, () -> p.blob("../project.db"));
            assertThrows(IllegalArgumentException.class, () -> p.blob(tmp.toAbsolutePath().toString()));
        }
    }

    @Test
    void transactionRollsBackEveryDaoWriteOnFailure() {
        try (Project p = Project.create(tmp.resolve("p"))) {
            assertThrows(IllegalStateException.class, () -> p.inTransaction(() -> {
                p.runs().insert(RunRecord.draft("a", null, "{}", null, 1));
                p.corpora().insert(CorpusRecord.draft("c", "text"));
                throw new IllegalStateException("boom");
            }));
            assertTrue(p.runs().list().isEmpty());
            assertTrue(p.corpora().list().isEmpty());
        }
    }

    @Test
    void twoConnectionsToOneProjectSeeEachOthersCommits() {
        // The GUI and a worker process each open the project; WAL lets the reader see committed progress.
        Path dir = tmp.resolve("p");
        try (Project worker = Project.create(dir); Project gui = Project.open(dir)) {
            long job = worker.jobs().insert("train", "{}", JobState.RUNNING, 1L);
            worker.jobs().updateProgress(job, "train", 17, 100, null);
            assertEquals(17, gui.jobs().get(job).orElseThrow().done());
            gui.settings().put("theme", "dark");
            assertEquals("dark", worker.settings().get("theme").orElseThrow());
        }
    }

    @Test
    void closedProjectRefusesQueries() {
        Project p = Project.create(tmp.resolve("p"));
        p.close();
        StoreException e = assertThrows(StoreException.class, () -> p.runs().list());
        assertTrue(e.getMessage().endsWith("is closed"), e.getMessage());
    }

    static String pragma(java.sql.Connection c, String name) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
