package mda.engine.corpus.importers;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import mda.engine.corpus.BpeTokenizer;
import mda.engine.corpus.Document;
import mda.engine.corpus.Tokenizer;
import mda.engine.jobs.JobContext;

/**
 * Imports documents handed over by the caller (for example the embedded demo corpus, which lives in a module the
 * engine does not depend on). The {@link Iterable} must give a fresh pass over the same documents each time it is
 * asked: training a BPE reads them once to train and once to tokenize. An iterator that is {@link AutoCloseable}
 * is closed after each pass. Documents keep their id, source and category; documents whose text tokenizes to
 * nothing are skipped and counted.
 */
public final class DocumentsImportJob extends CorpusImportJob {
    private final String kind;
    private final Iterable<Document> documents;
    private final long expectedDocuments;
    private final TokenizerChoice tokenizer;
    private final String originJson;
    private long emptySkipped;

    /**
     * @param kind              the corpus kind recorded with the row and the job (e.g. "demo")
     * @param documents         a repeatable source of the documents
     * @param expectedDocuments how many documents a pass yields, for progress; ≤ 0 when unknown
     * @param originJson        a JSON object describing where the documents came from, kept in the metadata
     */
    public DocumentsImportJob(String name, String kind, Iterable<Document> documents, long expectedDocuments,
                              TokenizerChoice tokenizer, String originJson) {
        super(name);
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("document import needs a corpus kind");
        }
        this.kind = kind;
        this.documents = documents;
        this.expectedDocuments = expectedDocuments;
        this.tokenizer = tokenizer;
        this.originJson = originJson == null ? "{}" : originJson;
        JsonParser.parseString(this.originJson).getAsJsonObject(); // malformed origin fails before any job row
    }

    @Override
    public String kind() {
        return kind;
    }

    /** Documents skipped because they tokenized to nothing (after the last run). */
    public long emptySkipped() {
        return emptySkipped;
    }

    @Override
    Built build(JobContext ctx, Path tmp) throws IOException {
        Tokenizer tok = tokenizer.fixed();
        if (tokenizer.trains()) {
            tok = trainBpe(ctx);
        }
        emptySkipped = 0;
        try (Sink sink = new Sink(tmp.resolve("store"), tok.vocabSize(), ctx)) {
            Iterator<Document> it = documents.iterator();
            try {
                long seen = 0;
                while (it.hasNext()) {
                    Document d = it.next();
                    ctx.progress("import", seen++, expectedDocuments, sink.documents() + " documents");
                    int[] ids = tok.encode(d.text());
                    if (ids.length == 0) {
                        emptySkipped++;
                        continue;
                    }
                    sink.add(d, ids);
                }
            } finally {
                closeIfCloseable(it);
            }
            if (sink.documents() == 0) {
                throw new IOException("no documents to import (" + emptySkipped + " empty); check the selection");
            }
            sink.finish();
            ctx.progress("import", sink.documents(), sink.documents(), sink.tokens() + " tokens");
            tok.save(tmp.resolve("tokenizer.json"));
            return new Built("tokenizer.json", tok.vocabSize(), sink.tokens(), sink.documents(), meta());
        }
    }

    private Tokenizer trainBpe(JobContext ctx) {
        ctx.progress("train-tokenizer", 0, expectedDocuments, tokenizer.describe());
        Iterable<String> texts = () -> new Iterator<>() {
            private final Iterator<Document> it = documents.iterator();
            private long seen;

            @Override
            public boolean hasNext() {
                boolean more = it.hasNext();
                if (!more) {
                    closeIfCloseable(it);
                }
                return more;
            }

            @Override
            public String next() {
                ctx.checkCancelled();
                ctx.progress("train-tokenizer", seen++, expectedDocuments, tokenizer.describe());
                return it.next().text();
            }
        };
        return BpeTokenizer.train(texts, tokenizer.bpeVocab(), tokenizer.bpeSeed());
    }

    private static void closeIfCloseable(Iterator<?> it) {
        if (it instanceof AutoCloseable) {
            try {
                ((AutoCloseable) it).close();
            } catch (Exception ignored) {
                // the pass is over; a failure to release a read-only stream changes nothing
            }
        }
    }

    private String meta() {
        JsonObject o = new JsonObject();
        o.add("origin", JsonParser.parseString(originJson));
        o.addProperty("emptySkipped", emptySkipped);
        o.addProperty("tokenizer", tokenizer.describe());
        return o.toString();
    }
}
