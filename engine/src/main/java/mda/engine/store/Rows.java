package mda.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JDBC plumbing shared by the DAOs: binding nullable arguments, mapping rows, reading nullable columns. */
final class Rows {
    private Rows() {}

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        bind(ps, args);
        return ps;
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Enum<?>) {
                a = ((Enum<?>) a).name().toLowerCase(java.util.Locale.ROOT);
            } else if (a instanceof Double && ((Double) a).isNaN()) {
                a = null; // NaN means "absent" in our records; SQLite would store it as NULL anyway
            }
            ps.setObject(i + 1, a);
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    static long insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            ps.executeUpdate();
        }
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static <T> List<T> list(Connection c, Mapper<T> mapper, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    static <T> Optional<T> one(Connection c, Mapper<T> mapper, String sql, Object... args) throws SQLException {
        List<T> all = list(c, mapper, sql, args);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    static double doubleOrNaN(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? Double.NaN : v;
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, String stored) {
        try {
            return Enum.valueOf(type, stored.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StoreException("unknown " + type.getSimpleName() + " '" + stored + "' in the project database", e);
        }
    }
}
