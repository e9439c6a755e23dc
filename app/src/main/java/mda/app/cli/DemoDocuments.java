package mda.app.cli;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import mda.assets.demo.DemoCorpus;
import mda.assets.demo.DemoDocument;
import mda.engine.corpus.Document;

/**
 * The embedded demo corpus as engine {@link Document}s: each pass streams the corpus afresh, keeps the documents
 * of the chosen categories, stops after {@code maxDocuments} of them and closes the stream. The source is
 * {@code <artifact coordinates>!/<path inside it>}, the id the corpus position.
 */
final class DemoDocuments implements Iterable<Document> {
    private final Set<String> categories;
    private final long maxDocuments;

    /**
     * @param categories the categories to keep; empty keeps all
     * @param maxDocuments how many documents to keep at most; ≤ 0 for all
     */
    DemoDocuments(List<String> categories, long maxDocuments) {
        for (String c : categories) {
            if (!DemoDocument.CATEGORIES.contains(c)) {
                throw new IllegalArgumentException("--categories: unknown category '" + c + "'; the demo corpus has "
                        + String.join(", ", DemoDocument.CATEGORIES));
            }
        }
        if (!DemoCorpus.available()) {
            throw new IllegalStateException("the demo corpus is not built into this installation: build the assets"
                    + " module (online once)");
        }
        this.categories = categories.isEmpty() ? Set.copyOf(DemoDocument.CATEGORIES) : new LinkedHashSet<>(categories);
        this.maxDocuments = maxDocuments <= 0 ? Long.MAX_VALUE : maxDocuments;
    }

    /** Documents one pass yields, from the manifest's per-category counts. */
    long expectedDocuments() {
        long n = 0;
        for (String c : categories) {
            n += DemoCorpus.manifest().documentsByCategory().get(c);
        }
        return Math.min(n, maxDocuments);
    }

    /** A JSON object naming the corpus version and the selection, for the corpus metadata. */
    String originJson() {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("corpus", "embedded demo corpus");
        o.addProperty("contentSha256", DemoCorpus.manifest().contentSha256());
        com.google.gson.JsonArray cats = new com.google.gson.JsonArray();
        categories.forEach(cats::add);
        o.add("categories", cats);
        o.addProperty("maxDocuments", maxDocuments == Long.MAX_VALUE ? -1 : maxDocuments);
        return o.toString();
    }

    static Document toDocument(DemoDocument d) {
        return new Document(Integer.toString(d.id()), d.source() + "!/" + d.path(), d.category(), d.text());
    }

    @Override
    public Iterator<Document> iterator() {
        return new Pass();
    }

    /** One pass; closing it (the importer does) releases the corpus stream. */
    private final class Pass implements Iterator<Document>, AutoCloseable {
        private final DemoCorpus.DocumentIterator source = DemoCorpus.documents();
        private long taken;
        private Document next;

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            while (taken < maxDocuments && source.hasNext()) {
                DemoDocument d = source.next();
                if (categories.contains(d.category())) {
                    next = toDocument(d);
                    taken++;
                    return true;
                }
            }
            close();
            return false;
        }

        @Override
        public Document next() {
            if (!hasNext()) {
                throw new NoSuchElementException("demo documents exhausted after " + taken);
            }
            Document d = next;
            next = null;
            return d;
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
