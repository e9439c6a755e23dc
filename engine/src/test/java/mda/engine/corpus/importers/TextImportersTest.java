package mda.engine.corpus.importers;

import static mda.engine.corpus.importers.ImportHarness.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import mda.engine.corpus.BpeTokenizer;
import mda.engine.corpus.ByteTokenizer;
import mda.engine.corpus.Categorizer;
import mda.engine.corpus.TokenStore;
import mda.engine.corpus.Tokenizer;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text folder imports: selection, decoding, limits, categories, two-pass BPE, and refusals. */
class TextImportersTest {
    @TempDir
    Path tmp;
    Project project;
    Path folder;

    @BeforeEach
    void setUp() throws IOException {
        project = Project.create(tmp.resolve("proj"));
        folder = tmp.resolve("texts");
        Files.createDirectories(folder.resolve("sub/deep"));
        Files.writeString(folder.resolve("a.txt"), "The quick brown fox jumps over the lazy dog. The dog sleeps.");
        Files.writeString(folder.resolve("sub/b.java"), "class B { int x = 1; }");
        Files.writeString(folder.resolve("sub/deep/c.md"), "Ünïcode prose, with accents: café.");
        Files.writeString(folder.resolve("sub/skip.log"), "log line");
        Files.write(folder.resolve("empty.txt"), new byte[0]);
        Files.writeString(folder.resolve("blank.txt"), "  \n\t\n");
    }

    @AfterEach
    void tearDown() {
        project.close();
    }

    private TextFolderImporter importer(String name, TextFolderImporter.Options o) {
        return new TextFolderImporter(name, folder, TokenizerChoice.bytes(), o);
    }

    private TextFolderImporter.Options noLogs() {
        return TextFolderImporter.Options.defaults().withGlobs(List.of(), List.of("*.log"));
    }

    @Test
    void importsRecursivelyWithCategoriesAndCountsEmptyFiles() throws Exception {
        TextFolderImporter job = importer("texts", noLogs());
        CorpusRecord rec = job.run(new ImportHarness.Ctx(project));
        assertEquals("text-folder", rec.kind());
        assertEquals(3, rec.documents());
        assertEquals(2, job.emptySkipped());
        TokenStore store = TokenStore.open(project.blob(rec.storePath()));
        assertEquals("a.txt", store.document(0).id());
        assertEquals(Categorizer.PROSE, store.document(0).category());
        assertEquals("sub/b.java", store.document(1).id());
        assertEquals(Categorizer.CODE, store.document(1).category());
        assertEquals("sub/deep/c.md", store.document(2).id());
        Tokenizer tok = Tokenizer.load(project.blob(rec.tokenizerPath()));
        int[] ids = new int[store.document(2).length()];
        store.read(store.document(2).start(), ids, ids.length);
        assertEquals("Ünïcode prose, with accents: café.", tok.decode(ids));
        int bytes = 0;
        for (String s : new String[] {"a.txt", "sub/b.java", "sub/deep/c.md"}) {
            bytes += Files.readAllBytes(folder.resolve(s)).length;
        }
        assertEquals(bytes + 2, rec.tokens()); // byte tokens plus two EOD separators
        assertTrue(rec.metaJson().contains("\"emptySkipped\":2"), rec.metaJson());
    }

    @Test
    void includeGlobsSelectByNameOrPath() throws Exception {
        TextFolderImporter.Options o = TextFolderImporter.Options.defaults().withGlobs(List.of("sub/**"),
                List.of("*.log"));
        CorpusRecord rec = importer("sub", o).run(new ImportHarness.Ctx(project));
        assertEquals(2, rec.documents());
    }

    @Test
    void twoPassBpeTrainsOnTheImportedDocuments() throws Exception {
        TextFolderImporter job = new TextFolderImporter("bpe", folder, TokenizerChoice.trainBpe(270, 7), noLogs());
        ImportHarness.Ctx ctx = new ImportHarness.Ctx(project);
        CorpusRecord rec = job.run(ctx);
        assertEquals(List.of("train-tokenizer", "import"), ctx.phases);
        Tokenizer tok = Tokenizer.load(project.blob(rec.tokenizerPath()));
        assertTrue(tok instanceof BpeTokenizer);
        assertTrue(tok.vocabSize() > 257 && tok.vocabSize() <= 270, "vocab " + tok.vocabSize());
        assertEquals(tok.vocabSize(), rec.vocab());
        // Same documents and seed give the same tokenizer as training directly.
        BpeTokenizer direct = BpeTokenizer.train(List.of(
                Files.readString(folder.resolve("a.txt")), Files.readString(folder.resolve("sub/b.java")),
                Files.readString(folder.resolve("sub/deep/c.md"))), 270, 7);
        assertArrayEquals(direct.encode("The dog sleeps."), tok.encode("The dog sleeps."));
        assertTrue(rec.tokens() < 140, "BPE compresses: " + rec.tokens());
    }

    @Test
    void nonUtf8CanBeSkippedWithACount() throws Exception {
        Files.write(folder.resolve("latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        TextFolderImporter job = importer("skip", noLogs().withSkipNonUtf8(true));
        CorpusRecord rec = job.run(new ImportHarness.Ctx(project));
        assertEquals(3, rec.documents());
        assertEquals(1, job.nonUtf8Skipped());
    }

    @Test
    void refusesNonUtf8NamingTheFile() throws Exception {
        Path bad = folder.resolve("latin1.txt");
        Files.write(bad, "ok\ncaf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(project, importer("c", noLogs()), bad.toString(), "not valid UTF-8 at byte 6");
    }

    @Test
    void refusesAHundredMegabyteLineWithoutReadingItWhole() throws Exception {
        Path huge = folder.resolve("huge.txt");
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'a');
        try (OutputStream out = Files.newOutputStream(huge)) {
            out.write("first line\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 100; i++) {
                out.write(chunk);
            }
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        assertRefused(project, importer("c", noLogs()), huge.toString(), "line 2 is longer than the limit of 10485760");
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 80L << 20, "allocated " + (allocated >> 20) + " MB for a refused 100 MB line");
    }

    @Test
    void refusesAFileLargerThanTheDocumentLimit() throws Exception {
        TextFolderImporter.Options o = new TextFolderImporter.Options(List.of("a.txt"), List.of(), false, 100, 20,
                Categorizer.Thresholds.defaults());
        assertRefused(project, importer("c", o), folder.resolve("a.txt").toString(), "larger than the limit of 20");
    }

    @Test
    void refusesAMissingFolder() throws Exception {
        TextFolderImporter job = new TextFolderImporter("c", tmp.resolve("nope"), TokenizerChoice.bytes(), noLogs());
        assertRefused(project, job, tmp.resolve("nope").toString(), "not found");
    }

    @Test
    void refusesWhenNoFileMatches() throws Exception {
        TextFolderImporter.Options o = TextFolderImporter.Options.defaults().withGlobs(List.of("*.rst"), List.of());
        assertRefused(project, importer("c", o), folder.toString(), "no files to import");
    }

    @Test
    void refusesAFolderOfEmptyFiles() throws Exception {
        TextFolderImporter.Options o = TextFolderImporter.Options.defaults()
                .withGlobs(List.of("empty.txt", "blank.txt"), List.of());
        assertRefused(project, importer("c", o), folder.toString(), "no documents to import", "2 empty");
    }

    @Test
    void refusesTheSameNameTwice() throws Exception {
        importer("same", noLogs()).run(new ImportHarness.Ctx(project));
        assertRefused(project, importer("same", noLogs()), "already has a corpus named 'same'");
    }

    @Test
    void fullDiskLeavesNoPartialCorpus() throws Exception {
        TextFolderImporter job = importer("full", noLogs());
        job.writeHook = written -> {
            if (written == 2) {
                throw new IOException("No space left on device");
            }
        };
        assertRefused(project, job, "No space left on device");
        assertTrue(Files.notExists(project.blob("corpora/full")));
    }

    @Test
    void refusesBadNamesAndGlobsUpFront() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> importer("../escape", noLogs()));
        assertTrue(e.getMessage().contains("corpus name '../escape' is not allowed"));
        e = assertThrows(IllegalArgumentException.class, () -> importer("ok",
                TextFolderImporter.Options.defaults().withGlobs(List.of("[a"), List.of())));
        assertTrue(e.getMessage().contains("glob '[a' is malformed"), e.getMessage());
    }

    @Test
    void byteTokenizerIsTheDefaultChoice() {
        assertTrue(TokenizerChoice.bytes().fixed() instanceof ByteTokenizer);
        assertTrue(TokenizerChoice.trainBpe(300, 1).trains());
    }
}
