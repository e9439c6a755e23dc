package mda.engine.corpus.importers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import mda.engine.corpus.Document;
import mda.engine.corpus.TokenStoreWriter;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobContext;
import mda.engine.store.Blobs;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;

/**
 * The transactional frame every importer shares: refuse a name already used, build the corpus folder
 * ({@code corpora/<name>/store} plus the tokenizer file) in a temporary folder through
 * {@link Blobs#writeDirectoryAtomic}, and insert the corpus row only after the folder is complete. A failure at any
 * point leaves the database unchanged and no corpus folder; resuming an interrupted import restarts it.
 */
public abstract class CorpusImportJob implements Job<CorpusRecord> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** What {@link #build} produced: the tokenizer file name inside the folder, sizes and metadata JSON. */
    record Built(String tokenizerFile, int vocab, long tokens, long documents, String metaJson) {
    }

    /** Fault injection for tests: called before each document is written, with the count already written. */
    interface WriteHook {
        void beforeDocument(long written) throws IOException;
    }

    private final String name;
    WriteHook writeHook = written -> { };

    CorpusImportJob(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("corpus name '" + name + "' is not allowed: use 1-100 letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit");
        }
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Fills {@code tmp} with {@code store/} and the tokenizer file. */
    abstract Built build(JobContext ctx, Path tmp) throws IOException;

    @Override
    public final CorpusRecord run(JobContext ctx) throws Exception {
        Project project = ctx.project().orElseThrow(() -> new IllegalStateException(kind() + " needs a project"));
        if (project.corpora().byName(name).isPresent()) {
            throw new IllegalArgumentException("the project " + project.dir() + " already has a corpus named '" + name
                    + "'; choose another name");
        }
        String rel = "corpora/" + name;
        Path dir = project.blob(rel);
        Built[] built = new Built[1];
        // A leftover folder without a row (a crash between rename and insert) is replaced here.
        Blobs.writeDirectoryAtomic(dir, tmp -> built[0] = build(ctx, tmp));
        Built b = built[0];
        CorpusRecord draft = new CorpusRecord(0, name, kind(), rel + "/" + b.tokenizerFile(), rel + "/store",
                b.vocab(), b.tokens(), b.documents(), 0, b.metaJson());
        try {
            return project.corpora().insert(draft);
        } catch (RuntimeException e) {
            Blobs.deleteTree(dir);
            throw e;
        }
    }

    /** A token store writer that goes through the fault hook and cancellation checks. */
    final class Sink implements AutoCloseable {
        private final TokenStoreWriter writer;
        private final JobContext ctx;

        Sink(Path storeDir, int vocab, JobContext ctx) throws IOException {
            this.writer = TokenStoreWriter.create(storeDir, vocab);
            this.ctx = ctx;
        }

        void add(Document doc, int[] tokens) throws IOException {
            ctx.checkCancelled();
            writeHook.beforeDocument(writer.documentCount());
            writer.addDocument(doc, tokens);
        }

        long tokens() {
            return writer.tokenCount();
        }

        int documents() {
            return writer.documentCount();
        }

        void finish() throws IOException {
            writer.finish();
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
