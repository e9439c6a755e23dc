package mda.engine.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code corpus} table. */
public final class Corpora {
    private static final String COLS = "id, name, kind, tokenizer_path, store_path, vocab, tokens, documents, created, meta_json";
    private final Project db;

    Corpora(Project db) {
        this.db = db;
    }

    /** Inserts a corpus (id and created of the argument are ignored) and returns the stored row. */
    public CorpusRecord insert(CorpusRecord r) {
        long now = System.currentTimeMillis();
        long id = db.tx("insert corpus " + r.name(), c -> Rows.insert(c,
                "INSERT INTO corpus(name, kind, tokenizer_path, store_path, vocab, tokens, documents, created, meta_json)"
                        + " VALUES (?,?,?,?,?,?,?,?,?)",
                r.name(), r.kind(), r.tokenizerPath(), r.storePath(), r.vocab(), r.tokens(), r.documents(), now,
                r.metaJson()));
        return get(id).orElseThrow();
    }

    /** Rewrites everything but id and created, e.g. after the import has counted tokens. */
    public void update(CorpusRecord r) {
        int n = db.tx("update corpus " + r.id(), c -> Rows.update(c,
                "UPDATE corpus SET name=?, kind=?, tokenizer_path=?, store_path=?, vocab=?, tokens=?, documents=?,"
                        + " meta_json=? WHERE id=?",
                r.name(), r.kind(), r.tokenizerPath(), r.storePath(), r.vocab(), r.tokens(), r.documents(),
                r.metaJson(), r.id()));
        if (n != 1) {
            throw new StoreException("no corpus with id " + r.id() + " in " + db.dbFile());
        }
    }

    public Optional<CorpusRecord> get(long id) {
        return db.read("read corpus " + id, c -> Rows.one(c, Corpora::map,
                "SELECT " + COLS + " FROM corpus WHERE id = ?", id));
    }

    public Optional<CorpusRecord> byName(String name) {
        return db.read("read corpus " + name, c -> Rows.one(c, Corpora::map,
                "SELECT " + COLS + " FROM corpus WHERE name = ?", name));
    }

    public List<CorpusRecord> list() {
        return db.read("list corpora", c -> Rows.list(c, Corpora::map, "SELECT " + COLS + " FROM corpus ORDER BY id"));
    }

    private static CorpusRecord map(ResultSet rs) throws SQLException {
        return new CorpusRecord(rs.getLong("id"), rs.getString("name"), rs.getString("kind"),
                rs.getString("tokenizer_path"), rs.getString("store_path"), rs.getInt("vocab"), rs.getLong("tokens"),
                rs.getLong("documents"), rs.getLong("created"), rs.getString("meta_json"));
    }
}
