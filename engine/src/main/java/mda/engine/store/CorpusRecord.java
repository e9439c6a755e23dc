package mda.engine.store;

/**
 * A corpus row: its importer kind, tokenizer and token store blob paths (relative to blobs/), and sizes.
 * {@code id} and {@code created} are 0 in a record not yet inserted.
 */
public record CorpusRecord(long id, String name, String kind, String tokenizerPath, String storePath, int vocab,
                           long tokens, long documents, long created, String metaJson) {
    public CorpusRecord {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("corpus name must not be empty");
        }
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("corpus kind must not be empty (corpus '" + name + "')");
        }
    }

    /** A record to insert: name and kind, sizes filled in once the import has run. */
    public static CorpusRecord draft(String name, String kind) {
        return new CorpusRecord(0, name, kind, null, null, 0, 0, 0, 0, null);
    }
}
