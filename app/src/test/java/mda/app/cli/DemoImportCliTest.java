package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mda.assets.demo.DemoCorpus;
import mda.assets.demo.DemoDocument;
import mda.engine.corpus.DocumentInfo;
import mda.engine.corpus.Samples;
import mda.engine.corpus.TokenStore;
import mda.engine.corpus.Tokenizer;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mda corpus import --demo}: a slice of the embedded corpus, checked against the corpus stream itself. */
class DemoImportCliTest {
    @TempDir
    Path tmp;

    /** The first {@code max} documents of the given categories, read straight from the assets module. */
    private static List<DemoDocument> expected(List<String> cats, int max) {
        List<DemoDocument> out = new ArrayList<>();
        try (DemoCorpus.DocumentIterator it = DemoCorpus.documents()) {
            while (it.hasNext() && out.size() < max) {
                DemoDocument d = it.next();
                if (cats.contains(d.category())) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    @Test
    void importsASliceWithSourcesCategoriesAndSampleableWindows() throws Exception {
        Path dir = tmp.resolve("p");
        CliRun.of("project", "new", dir.toString()).ok();
        CliRun.of("corpus", "import", "-p", dir.toString(), "--demo", "--categories", "prose,other",
                "--max-documents", "20", "--vocab", "300", "--seed", "3").ok();
        List<DemoDocument> want = expected(List.of("prose", "other"), 20);
        assertEquals(20, want.size());
        try (Project pr = Project.open(dir)) {
            CorpusRecord c = pr.corpora().byName("demo").orElseThrow();
            assertEquals("demo", c.kind());
            TokenStore store = TokenStore.open(pr.blob(c.storePath()));
            Tokenizer tok = Tokenizer.load(pr.blob(c.tokenizerPath()));
            assertEquals("bpe", tok.kind());
            assertTrue(tok.vocabSize() <= 300 && tok.vocabSize() > 257, "vocab " + tok.vocabSize());
            assertEquals(20, c.documents());
            assertEquals(20, store.documentCount());
            long sum = 0;
            for (int i = 0; i < 20; i++) {
                DemoDocument d = want.get(i);
                DocumentInfo info = store.document(i);
                assertEquals(Integer.toString(d.id()), info.id());
                assertEquals(d.source() + "!/" + d.path(), info.source());
                assertEquals(d.category(), info.category());
                int[] ids = new int[info.length()];
                store.read(info.start(), ids, ids.length);
                assertEquals(d.text(), tok.decode(ids), "document " + i + " round trip");
                sum += info.length();
            }
            assertEquals(sum + 19, store.tokenCount()); // 19 EOD separators
            assertEquals(store.tokenCount(), c.tokens());
            Samples samples = new Samples(store, 64);
            assertTrue(samples.sampleCount() > 10, "samples " + samples.sampleCount());
            int[] w = samples.sample(samples.sampleCount() - 1);
            for (int t : w) {
                assertTrue(t >= 0 && t < store.vocab(), "token " + t);
            }
        }
        Map<String, Integer> cats = new TreeMap<>();
        want.forEach(d -> cats.merge(d.category(), 1, Integer::sum));
        String info = CliRun.of("corpus", "info", "-p", dir.toString()).ok().out();
        assertTrue(info.contains("tokenizer  bpe"), info);
        assertTrue(info.contains("bytes/token (all"), info);
        cats.forEach((cat, n) -> assertTrue(info.matches("(?s).*" + cat + " +" + n + " documents.*"), info));
    }

    @Test
    void byteTokensAndBadSelectionsAreOneLineErrors() throws Exception {
        Path dir = tmp.resolve("p");
        CliRun.of("project", "new", dir.toString()).ok();
        CliRun.of("corpus", "import", "-p", dir.toString(), "--demo", "--name", "b", "--tokenizer", "byte",
                "--max-documents", "3").ok();
        try (Project pr = Project.open(dir)) {
            CorpusRecord c = pr.corpora().byName("b").orElseThrow();
            assertEquals(257, c.vocab());
            long bytes = expected(DemoDocument.CATEGORIES, 3).stream()
                    .mapToLong(d -> d.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
            assertEquals(bytes + 2, c.tokens()); // one id per byte plus two separators
        }
        CliRun.of("corpus", "import", "-p", dir.toString(), "--demo", "--categories", "poetry")
                .badInput("--categories", "poetry");
        CliRun.of("corpus", "import", "-p", dir.toString(), "--demo", "--name", "b", "--max-documents", "2")
                .badInput("already has a corpus named 'b'");
        CliRun.of("corpus", "import", "-p", dir.toString(), "--demo", "--synthetic").badInput("exactly one of --synthetic, --demo or --from");
        try (Project pr = Project.open(dir)) {
            assertEquals(1, pr.corpora().list().size());
        }
    }
}
