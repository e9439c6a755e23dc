package mda.engine.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run by {@link Project} under its lock, inside or outside a transaction. */
@FunctionalInterface
interface SqlWork<T> {
    T apply(Connection c) throws SQLException;
}
