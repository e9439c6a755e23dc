package mda.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path tmp;

    private static final Migration ADD_NOTE = new Migration(2, "run notes", c -> {
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE run ADD COLUMN note TEXT");
            st.execute("UPDATE run SET note = 'migrated ' || name");
        }
    });

    private static List<Migration> withExtra(Migration m) {
        List<Migration> all = new ArrayList<>(Migrations.standard());
        all.add(m);
        return all;
    }

    @Test
    void openingAnOlderProjectAppliesTheLaterMigration() throws Exception {
        Path dir = tmp.resolve("p");
        try (Project p = Project.create(dir, Migrations.standard())) {
            p.runs().insert(RunRecord.draft("old", null, "{}", null, 3));
            assertEquals(1, p.read("version", Migrations::userVersion));
        }
        try (Project p = Project.open(dir, withExtra(ADD_NOTE))) {
            assertEquals(2, p.schemaVersion());
            assertEquals(2, p.read("version", Migrations::userVersion));
            assertEquals("migrated old", p.read("note", c -> {
                try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT note FROM run")) {
                    rs.next();
                    return rs.getString(1);
                }
            }));
        }
    }

    @Test
    void failingMigrationLeavesTheProjectAtItsOldVersion() throws Exception {
        Path dir = tmp.resolve("p");
        Project.create(dir, Migrations.standard()).close();
        Migration broken = new Migration(2, "broken", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE run ADD COLUMN note TEXT");
                st.execute("SELECT * FROM no_such_table");
            }
        });
        StoreException e = assertThrows(StoreException.class, () -> Project.open(dir, withExtra(broken)));
        assertTrue(e.getMessage().contains("from schema version 1 to 2 at step 2 (broken)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the project is unchanged"), e.getMessage());
        try (Project p = Project.open(dir, Migrations.standard())) {
            assertEquals(1, p.read("version", Migrations::userVersion));
            // The column added before the failure was rolled back with the rest.
            assertThrows(StoreException.class, () -> p.read("note", c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeQuery("SELECT note FROM run").next();
                }
            }));
        }
    }

    @Test
    void projectFromANewerProgramIsRefused() {
        Path dir = tmp.resolve("p");
        Project.create(dir, withExtra(ADD_NOTE)).close();
        StoreException e = assertThrows(StoreException.class, () -> Project.open(dir, Migrations.standard()));
        assertTrue(e.getMessage().contains("has schema version 2, newer than this program supports (1)"),
                e.getMessage());
    }

    @Test
    void migrationsMustBeNumberedInOrder() {
        Migration skip = new Migration(3, "gap", c -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Migrations.latest(withExtra(skip)));
        assertTrue(e.getMessage().contains("found version 3 at position 2"), e.getMessage());
    }

    @Test
    void sqliteFileWithoutSchemaIsNotAProject() throws SQLException {
        Path dir = tmp.resolve("plain");
        dir.toFile().mkdirs();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("project.db"));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (x)");
        }
        StoreException e = assertThrows(StoreException.class, () -> Project.open(dir));
        assertTrue(e.getMessage().endsWith("is a SQLite database but not an MDA project (schema version 0)"),
                e.getMessage());
    }
}
