package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mda.engine.corpus.DocumentInfo;
import mda.engine.corpus.TokenStore;
import mda.engine.corpus.Tokenizer;
import mda.engine.corpus.importers.MegatronDtype;
import mda.engine.corpus.importers.MegatronWriter;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every importer through the command line: one happy path, one refused input that leaves the project as it was. */
class ImportCliTest {
    @TempDir
    Path tmp;
    Path dir;
    String p;

    @BeforeEach
    void project() {
        dir = tmp.resolve("proj");
        p = dir.toString();
        CliRun.of("project", "new", p).ok();
    }

    /** Corpus and run names plus every blob path: what a refused import must not change. */
    private String state() throws IOException {
        try (Project pr = Project.open(dir); Stream<Path> walk = Files.walk(pr.blobDir())) {
            return pr.corpora().list().stream().map(CorpusRecord::name).collect(Collectors.toList()) + " "
                    + pr.runs().list().stream().map(r -> r.name()).collect(Collectors.toList()) + " "
                    + walk.map(x -> pr.blobDir().relativize(x).toString()).sorted().collect(Collectors.toList());
        }
    }

    private CorpusRecord corpus(String name) {
        try (Project pr = Project.open(dir)) {
            return pr.corpora().byName(name).orElseThrow();
        }
    }

    /** A WordLevel HF tokenizer.json: {@code <|endoftext|>} 0, {@code [UNK]} 1, then the words, split on spaces. */
    private Path wordTokenizer(String... words) throws IOException {
        StringBuilder v = new StringBuilder("\"<|endoftext|>\":0,\"[UNK]\":1");
        for (int i = 0; i < words.length; i++) {
            v.append(",\"").append(words[i]).append("\":").append(i + 2);
        }
        String json = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[{\"id\":0,"
                + "\"content\":\"<|endoftext|>\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,"
                + "\"normalized\":false,\"special\":true}],\"normalizer\":null,"
                + "\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"},\"post_processor\":null,\"decoder\":null,"
                + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{" + v + "},\"unk_token\":\"[UNK]\"}}";
        return Files.writeString(tmp.resolve("tokenizer.json"), json);
    }

    @Test
    void folderImportSelectsFilesAndRefusesNonUtf8() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Files.writeString(src.resolve("a.txt"), "hello world\n");
        Files.writeString(src.getParent().resolve("b.txt"), "héllo again\n");
        Files.writeString(src.getParent().resolve("skip.md"), "not selected\n");
        Path folder = src.getParent();
        CliRun.of("corpus", "import", "-p", p, "--from", "folder", folder.toString(), "--include", "*.txt",
                "--tokenizer", "byte").ok();
        CorpusRecord c = corpus("src");
        assertEquals(2, c.documents());
        assertEquals(12 + 13 + 1, c.tokens()); // UTF-8 bytes ("é" is two) plus one separator
        try (Project pr = Project.open(dir)) {
            TokenStore store = TokenStore.open(pr.blob(c.storePath()));
            assertEquals("b.txt", store.document(0).id());
            assertEquals("sub/a.txt", store.document(1).id());
            assertEquals(src.resolve("a.txt").toString(), store.document(1).source());
        }

        Files.write(folder.resolve("bad.txt"), new byte[]{'o', 'k', (byte) 0xC3, '(', '\n'});
        String before = state();
        CliRun.of("corpus", "import", "-p", p, "--from", "folder", folder.toString(), "--name", "two",
                "--include", "*.txt", "--tokenizer", "byte").badInput("bad.txt", "UTF-8");
        assertEquals(before, state());
        // The same folder with skipping on imports the two good files.
        CliRun.of("corpus", "import", "-p", p, "--from", "folder", folder.toString(), "--name", "two",
                "--include", "*.txt", "--tokenizer", "byte", "--skip-non-utf8").ok();
        assertEquals(2, corpus("two").documents());
    }

    @Test
    void jsonlImportWithAnHfTokenizerAndABrokenLine() throws Exception {
        Path tok = wordTokenizer("hello", "world", "again");
        Path file = Files.writeString(tmp.resolve("docs.jsonl"),
                "{\"id\":\"x\",\"text\":\"hello world\"}\n\n{\"id\":\"y\",\"text\":\"again hello what\"}\n");
        CliRun.of("corpus", "import", "-p", p, "--from", "jsonl", file.toString(), "--text-field", "text",
                "--id-field", "id", "--tokenizer", "hf", tok.toString()).ok();
        CorpusRecord c = corpus("docs");
        assertEquals(2, c.documents());
        assertEquals(6, c.tokens()); // 2 + 3 words ("what" is [UNK]) + 1 separator
        try (Project pr = Project.open(dir)) {
            TokenStore store = TokenStore.open(pr.blob(c.storePath()));
            int[] all = new int[6];
            store.read(0, all, 6);
            assertArrayEquals(new int[]{2, 3, 0, 4, 2, 1}, all);
            assertEquals("y", store.document(1).id());
            Tokenizer t = Tokenizer.load(pr.blob(c.tokenizerPath()));
            assertEquals("hf", t.kind());
            assertArrayEquals(Files.readAllBytes(tok), Files.readAllBytes(pr.blob(c.tokenizerPath())));
        }
        String info = CliRun.of("corpus", "info", "-p", p).ok().out();
        assertTrue(info.contains("tokenizer  hf, vocabulary 5"), info);

        Path broken = Files.writeString(tmp.resolve("broken.jsonl"), "{\"text\":\"hello\"}\n{\"text\": \n");
        String before = state();
        CliRun.of("corpus", "import", "-p", p, "--from", "jsonl", broken.toString(), "--text-field", "text",
                "--tokenizer", "byte").badInput("broken.jsonl", "line 2");
        assertEquals(before, state());
        CliRun.of("corpus", "import", "-p", p, "--from", "jsonl", file.toString(), "--name", "z").badInput(
                "--text-field");
        CliRun.of("corpus", "import", "-p", p, "--from", "jsonl", file.toString(), "--name", "z", "--text-field",
                "text", "--tokenizer", "hf", tmp.resolve("none.json").toString()).badInput("none.json", "not found");
        assertEquals(before, state());
    }

    @Test
    void megatronImportKeepsTheIdsAndRefusesACorruptIndex() throws Exception {
        Path tok = wordTokenizer("a", "b", "c");
        Path prefix = tmp.resolve("pile");
        try (MegatronWriter w = MegatronWriter.create(prefix, MegatronDtype.U16)) {
            w.addDocument(new int[]{2, 3, 0, 4});
            w.addDocument(new int[]{4, 4, 0});
        }
        CliRun.of("corpus", "import", "-p", p, "--from", "megatron", prefix.toString(), "--tokenizer-json",
                tok.toString()).ok();
        CorpusRecord c = corpus("pile");
        assertEquals(128, c.vocab()); // 5 tokenizer ids rounded up to a multiple of 128
        assertEquals(7, c.tokens());
        try (Project pr = Project.open(dir)) {
            TokenStore store = TokenStore.open(pr.blob(c.storePath()));
            DocumentInfo d = store.document(1);
            int[] ids = new int[d.length()];
            store.read(d.start(), ids, ids.length);
            assertEquals("c c c", Tokenizer.load(pr.blob(c.tokenizerPath())).decode(new int[]{4, 4, 4}));
            assertArrayEquals(new int[]{4, 4, 4}, ids);
        }
        CliRun.of("corpus", "import", "-p", p, "--from", "megatron", "--idx", prefix + ".idx", "--bin",
                prefix + ".bin", "--tokenizer-json", tok.toString(), "--model-vocab", "8", "--name", "again").ok();
        assertEquals(8, corpus("again").vocab());

        Path bad = tmp.resolve("bad");
        Files.write(Path.of(bad + ".idx"), "MMIDIDX\0\0 this is no index".getBytes(StandardCharsets.US_ASCII));
        Files.copy(Path.of(prefix + ".bin"), Path.of(bad + ".bin"));
        String before = state();
        CliRun.of("corpus", "import", "-p", p, "--from", "megatron", bad.toString(), "--tokenizer-json",
                tok.toString()).badInput("bad.idx");
        assertEquals(before, state());
        CliRun.of("corpus", "import", "-p", p, "--from", "megatron", prefix.toString()).badInput("--tokenizer-json");
    }

    @Test
    void checkpointImportMakesARunAndRefusesAFolderWithoutWeights() throws Exception {
        ModelConfig cfg = new ModelConfig(1, 16, 2, 32, 16, 24, 0.5, 10000, 1e-5, "neox");
        Path ckpt = tmp.resolve("ckpt");
        try (NDManager m = NDManager.newBaseManager(); NeoxModel model = NeoxModel.init(cfg, 3, m)) {
            ModelIO.save(model, ckpt);
        }
        CliRun.of("checkpoint", "import", "-p", p, ckpt.toString(), "--name", "tiny", "--step", "1000",
                "--tokens-seen", "2048000").ok();
        try (Project pr = Project.open(dir)) {
            long id = pr.runs().byName("tiny").orElseThrow().id();
            var cks = pr.checkpoints().list(id);
            assertEquals(1, cks.size());
            assertEquals(1000, cks.get(0).step());
            assertEquals(2048000, cks.get(0).tokensSeen());
        }
        Path empty = Files.createDirectories(tmp.resolve("noweights"));
        Files.copy(ckpt.resolve("config.json"), empty.resolve("config.json"));
        String before = state();
        CliRun.of("checkpoint", "import", "-p", p, empty.toString(), "--name", "other", "--step", "5")
                .badInput("noweights");
        CliRun.of("checkpoint", "import", "-p", p, ckpt.toString(), "--name", "tiny", "--step", "5")
                .badInput("already has a run named 'tiny'");
        assertEquals(before, state());
    }
}
