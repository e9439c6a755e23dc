package mda.engine.corpus.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import mda.engine.corpus.CorpusComposition;
import mda.engine.corpus.Document;
import mda.engine.corpus.TokenStore;
import mda.engine.corpus.Tokenizer;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DocumentsImportJob}: passes over caller documents, closes them, keeps metadata, refuses cleanly. */
class DocumentsImportJobTest {
    @TempDir
    Path tmp;
    Project project;

    @BeforeEach
    void setUp() {
        project = Project.create(tmp.resolve("proj"));
    }

    @AfterEach
    void tearDown() {
        project.close();
    }

    private static final List<Document> DOCS = List.of(
            new Document("1", "a.jar!/A.java", "code", "class A { int a; int a2; }\n"),
            new Document("2", "b.pom", "html-xml", ""),
            new Document("3", "c.jar!/README.md", "prose", "Read me: the the the.\n"));

    /** Counts passes and closes. */
    private static final class Source implements Iterable<Document> {
        int passes;
        int closes;

        @Override
        public Iterator<Document> iterator() {
            passes++;
            Iterator<Document> it = DOCS.iterator();
            class Pass implements Iterator<Document>, AutoCloseable {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Document next() {
                    return it.next();
                }

                @Override
                public void close() {
                    closes++;
                }
            }
            return new Pass();
        }
    }

    @Test
    void trainsOnOnePassImportsOnTheSecondAndKeepsMetadata() throws Exception {
        Source src = new Source();
        DocumentsImportJob job = new DocumentsImportJob("d", "demo", src, 3, TokenizerChoice.trainBpe(270, 1),
                "{\"corpus\":\"test\"}");
        ImportHarness.Ctx ctx = new ImportHarness.Ctx(project);
        CorpusRecord rec = job.run(ctx);
        assertEquals(2, src.passes);
        assertEquals(2, src.closes);
        assertEquals(List.of("train-tokenizer", "import"), ctx.phases);
        assertEquals("demo", rec.kind());
        assertEquals(2, rec.documents());
        assertEquals(1, job.emptySkipped());
        assertTrue(rec.metaJson().contains("\"corpus\":\"test\""), rec.metaJson());
        TokenStore store = TokenStore.open(project.blob(rec.storePath()));
        Tokenizer tok = Tokenizer.load(project.blob(rec.tokenizerPath()));
        assertEquals("c.jar!/README.md", store.document(1).source());
        assertEquals("prose", store.document(1).category());
        int[] ids = new int[store.document(1).length()];
        store.read(store.document(1).start(), ids, ids.length);
        assertEquals(DOCS.get(2).text(), tok.decode(ids));

        CorpusComposition comp = CorpusComposition.of(store, tok, CorpusComposition.DEFAULT_MEASURE_TOKENS);
        long bytes = DOCS.stream().mapToLong(d -> d.text().getBytes(StandardCharsets.UTF_8).length).sum();
        long docTokens = store.tokenCount() - 1;
        assertTrue(comp.exact());
        assertEquals((double) bytes / docTokens, comp.bytesPerToken(), 1e-12);
        assertEquals(store.document(0).length() / (double) store.tokenCount(), comp.tokenShare("code"), 1e-12);
        assertEquals(1, comp.byCategory().get("prose").documents());
    }

    @Test
    void nothingToImportLeavesTheProjectAsItWas() throws Exception {
        Iterable<Document> empty = () -> List.of(new Document("x", "s", "code", "")).iterator();
        ImportHarness.assertRefused(project, new DocumentsImportJob("e", "demo", empty, 1, TokenizerChoice.bytes(),
                null), "no documents to import");
        DocumentsImportJob failing = new DocumentsImportJob("f", "demo", new Source(), 3, TokenizerChoice.bytes(),
                null);
        failing.writeHook = written -> {
            if (written == 1) {
                throw new java.io.IOException("disk full while writing document 2");
            }
        };
        ImportHarness.assertRefused(project, failing, "disk full");
    }
}
