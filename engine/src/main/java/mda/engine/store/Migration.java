package mda.engine.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One step of the schema history: applying it to a database at {@code version - 1} brings it to
 * {@code version}. Steps are never edited once released; later changes are new steps.
 */
record Migration(int version, String description, Step step) {
    /** The SQL of a migration. */
    @FunctionalInterface
    interface Step {
        void apply(Connection c) throws SQLException;
    }

    Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be at least 1, got " + version);
        }
    }
}
