package mda.engine.corpus.importers;

import static mda.engine.corpus.importers.ImportHarness.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import mda.engine.corpus.TokenStore;
import mda.engine.corpus.Tokenizer;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSONL imports: caller-chosen fields, streaming, blank records, and refusals with file and line. */
class JsonlImporterTest {
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

    private Path jsonl(String... lines) throws IOException {
        Path f = tmp.resolve("data.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private JsonlImporter importer(Path f) {
        return new JsonlImporter("j", f, "content", "doc_id", TokenizerChoice.bytes());
    }

    @Test
    void importsChosenFieldsAndSkipsBlankRecords() throws Exception {
        Path f = jsonl("{\"doc_id\": \"x1\", \"content\": \"hello world\", \"other\": 3}", "",
                "{\"doc_id\": 7, \"content\": \"  \"}", "{\"doc_id\": \"x3\", \"content\": \"caf\\u00e9 \\n ok\"}\r");
        JsonlImporter job = importer(f);
        CorpusRecord rec = job.run(new ImportHarness.Ctx(project));
        assertEquals("jsonl", rec.kind());
        assertEquals(2, rec.documents());
        assertEquals(1, job.emptySkipped());
        TokenStore store = TokenStore.open(project.blob(rec.storePath()));
        assertEquals("x3", store.document(1).id());
        assertEquals(f.toAbsolutePath() + ":4", store.document(1).source());
        int[] ids = new int[store.document(1).length()];
        store.read(store.document(1).start(), ids, ids.length);
        assertEquals("café \n ok", Tokenizer.load(project.blob(rec.tokenizerPath())).decode(ids));
    }

    @Test
    void withoutAnIdFieldDocumentsAreNumberedByLine() throws Exception {
        Path f = jsonl("{\"content\": \"a\"}", "{\"content\": \"b\"}");
        JsonlImporter job = new JsonlImporter("n", f, "content", null, TokenizerChoice.trainBpe(260, 3));
        CorpusRecord rec = job.run(new ImportHarness.Ctx(project));
        assertEquals("line-2", TokenStore.open(project.blob(rec.storePath())).document(1).id());
    }

    @Test
    void refusesBrokenJsonOnLineN() throws Exception {
        Path f = jsonl("{\"doc_id\": \"1\", \"content\": \"a\"}", "{\"doc_id\": \"2\", \"content\": \"b\"}",
                "{\"doc_id\": \"3\", \"content\": \"c\"");
        assertRefused(project, importer(f), f + " line 3", "broken JSON");
    }

    @Test
    void refusesBrokenJsonInTheTrainingPassToo() throws Exception {
        Path f = jsonl("{\"doc_id\": \"1\", \"content\": \"a\"}", "not json at all {");
        JsonlImporter job = new JsonlImporter("j", f, "content", "doc_id", TokenizerChoice.trainBpe(300, 1));
        assertRefused(project, job, f + " line 2", "broken JSON");
    }

    @Test
    void refusesAMissingTextFieldOnLineN() throws Exception {
        Path f = jsonl("{\"doc_id\": \"1\", \"content\": \"a\"}", "{\"doc_id\": \"2\", \"text\": \"b\"}");
        assertRefused(project, importer(f), f + " line 2", "missing field 'content'");
    }

    @Test
    void refusesAMissingIdFieldOnLineN() throws Exception {
        Path f = jsonl("{\"doc_id\": \"1\", \"content\": \"a\"}", "{\"doc_id\": 2, \"content\": \"z\"}", "{\"content\": \"b\"}");
        assertRefused(project, importer(f), f + " line 3", "missing field 'doc_id'");
    }

    @Test
    void refusesANonStringText() throws Exception {
        Path f = jsonl("{\"doc_id\": \"1\", \"content\": [1, 2]}");
        assertRefused(project, importer(f), f + " line 1", "field 'content' is an array, expected a string");
    }

    @Test
    void refusesALineThatIsNotAnObject() throws Exception {
        Path f = jsonl("[1, 2, 3]");
        assertRefused(project, importer(f), f + " line 1", "expected a JSON object, found an array");
    }

    @Test
    void refusesDuplicateIds() throws Exception {
        Path f = jsonl("{\"doc_id\": \"a\", \"content\": \"x\"}", "{\"doc_id\": \"a\", \"content\": \"y\"}");
        assertRefused(project, importer(f), f + " line 2", "duplicate id 'a' (first on line 1)");
    }

    @Test
    void refusesNonUtf8OnLineN() throws Exception {
        Path f = tmp.resolve("latin.jsonl");
        Files.write(f, "{\"doc_id\": \"1\", \"content\": \"a\"}\n{\"doc_id\": \"2\", \"content\": \"caf\u00e9\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(project, importer(f), f + " line 2", "not valid UTF-8");
    }

    @Test
    void refusesALineOverTheLimit() throws Exception {
        Path f = jsonl("{\"doc_id\": \"1\", \"content\": \"a\"}", "{\"doc_id\": \"2\", \"content\": \""
                + "b".repeat(200) + "\"}");
        JsonlImporter job = new JsonlImporter("j", f, "content", "doc_id", TokenizerChoice.bytes(), 100);
        assertRefused(project, job, f + ": line 2 is longer than the limit of 100 bytes");
    }

    @Test
    void refusesAMissingFile() throws Exception {
        Path f = tmp.resolve("absent.jsonl");
        assertRefused(project, importer(f), f.toString(), "not found");
    }

    @Test
    void refusesAFileWithOnlyBlankTexts() throws Exception {
        Path f = jsonl("{\"doc_id\": \"1\", \"content\": \"\"}", "");
        assertRefused(project, importer(f), f.toString(), "no documents to import");
    }

    @Test
    void fullDiskLeavesNoPartialCorpus() throws Exception {
        Path f = jsonl("{\"doc_id\": \"1\", \"content\": \"a\"}", "{\"doc_id\": \"2\", \"content\": \"b\"}");
        JsonlImporter job = importer(f);
        job.writeHook = written -> {
            if (written == 1) {
                throw new IOException("No space left on device");
            }
        };
        assertRefused(project, job, "No space left on device");
        assertTrue(Files.notExists(project.blob("corpora/j")));
    }
}
