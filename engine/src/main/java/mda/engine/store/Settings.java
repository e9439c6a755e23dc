package mda.engine.store;

import java.util.Optional;

/** Key-value project settings (table {@code setting}). */
public final class Settings {
    private final Project db;

    Settings(Project db) {
        this.db = db;
    }

    public Optional<String> get(String key) {
        return db.read("read setting " + key, c -> Rows.one(c, rs -> rs.getString(1),
                "SELECT value FROM setting WHERE key = ?", key));
    }

    public void put(String key, String value) {
        db.tx("write setting " + key, c -> Rows.update(c,
                "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                key, value));
    }
}
