package mda.engine.corpus.importers;

import static mda.engine.corpus.importers.ImportHarness.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import mda.engine.corpus.Samples;
import mda.engine.corpus.TokenStore;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Megatron pair import: exact stream copy, Samples over it, and every refusal leaving the project unchanged. */
class MegatronImporterTest {
    @TempDir
    Path tmp;
    Project project;
    Path tokenizer;

    @BeforeEach
    void setUp() throws IOException {
        project = Project.create(tmp.resolve("proj"));
        tokenizer = hfTokenizer(tmp.resolve("tokenizer.json"), 40);
    }

    @AfterEach
    void tearDown() {
        project.close();
    }

    /** A minimal HF tokenizer.json whose ids run to {@code vocab - 1} (the last one an added token). */
    static Path hfTokenizer(Path file, int vocab) throws IOException {
        StringBuilder sb = new StringBuilder("{\"version\":\"1.0\",\"model\":{\"type\":\"BPE\",\"vocab\":{");
        for (int i = 0; i < vocab - 1; i++) {
            sb.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":").append(i);
        }
        sb.append("},\"merges\":[]},\"added_tokens\":[{\"id\":").append(vocab - 1)
                .append(",\"content\":\"<|pad|>\"}]}");
        Files.writeString(file, sb.toString());
        return file;
    }

    /** Sequences of 7 tokens over ids 1..29 with EODs in them, as in Pythia's packed data. */
    static int[] writePair(Path prefix, MegatronDtype dt, int sequences) throws IOException {
        int[] all = new int[sequences * 7];
        try (MegatronWriter w = MegatronWriter.create(prefix, dt)) {
            for (int k = 0; k < sequences; k++) {
                int[] s = new int[7];
                for (int i = 0; i < 7; i++) {
                    int p = k * 7 + i;
                    s[i] = all[p] = p % 11 == 5 || p == 13 ? 0 : 1 + (p * 17) % 29;
                }
                w.addDocument(s);
            }
        }
        return all;
    }

    private MegatronImporter importer(String name, Path prefix) {
        return new MegatronImporter(name, Path.of(prefix + ".idx"), Path.of(prefix + ".bin"), tokenizer, 48);
    }

    @Test
    void importCopiesTheStreamAndSamplesReadIt() throws Exception {
        Path prefix = tmp.resolve("pile");
        int[] all = writePair(prefix, MegatronDtype.U16, 30);
        ImportHarness.Ctx ctx = new ImportHarness.Ctx(project);
        CorpusRecord rec = importer("pile", prefix).run(ctx);
        assertEquals("megatron", rec.kind());
        assertEquals(48, rec.vocab());
        assertEquals(all.length, rec.tokens());
        long eods = Arrays.stream(all).filter(t -> t == 0).count();
        assertEquals(eods + 1, rec.documents());
        assertTrue(rec.metaJson().contains("\"tokenizerVocab\":40"), rec.metaJson());
        assertTrue(Files.isRegularFile(project.blob(rec.tokenizerPath())));
        assertTrue(ctx.phases.contains("copy-tokens"));

        TokenStore store = TokenStore.open(project.blob(rec.storePath()));
        int[] copy = new int[all.length];
        store.read(0, copy, copy.length);
        assertArrayEquals(all, copy);
        MegatronDataset data = MegatronDataset.open(prefix);
        Samples samples = new Samples(store, 16);
        assertEquals((all.length - 1) / 16, samples.sampleCount());
        int[] window = new int[17];
        for (long k = 0; k < samples.sampleCount(); k++) {
            data.read(k * 16, window);
            assertArrayEquals(window, samples.sample(k), "sample " + k);
        }
        // Empty documents come from adjacent EODs (p = 13 and p = 16 are 3 apart, p = 5/16/27... every 11).
        assertEquals(0, store.document(0).start());
    }

    @Test
    void i32PairImportsToo() throws Exception {
        Path prefix = tmp.resolve("wide");
        int[] all = writePair(prefix, MegatronDtype.I32, 5);
        CorpusRecord rec = importer("wide", prefix).run(new ImportHarness.Ctx(project));
        TokenStore store = TokenStore.open(project.blob(rec.storePath()));
        int[] copy = new int[all.length];
        store.read(0, copy, copy.length);
        assertArrayEquals(all, copy);
    }

    private Path pairWithIndex(String name, byte[] idx, int binBytes) throws IOException {
        Path prefix = tmp.resolve(name);
        Files.write(Path.of(prefix + ".idx"), idx);
        Files.write(Path.of(prefix + ".bin"), new byte[binBytes]);
        return prefix;
    }

    @Test
    void refusesBadMagic() throws Exception {
        byte[] b = MegatronIndexTest.o10();
        b[0] = 0;
        Path p = pairWithIndex("magic", b, 10);
        assertRefused(project, importer("c", p), p + ".idx", "wrong magic");
    }

    @Test
    void refusesVersionMismatch() throws Exception {
        byte[] b = MegatronIndexTest.o10();
        b[9] = 3;
        Path p = pairWithIndex("ver", b, 10);
        assertRefused(project, importer("c", p), p + ".idx", "unsupported Megatron index version 3");
    }

    @Test
    void refusesWrongDtypeCode() throws Exception {
        byte[] b = MegatronIndexTest.o10();
        b[17] = 42;
        Path p = pairWithIndex("dtype", b, 10);
        assertRefused(project, importer("c", p), p + ".idx", "unknown dtype code 42");
    }

    @Test
    void refusesFloatDtype() throws Exception {
        Path p = pairWithIndex("float", MegatronWriter.indexBytes(7, new int[] {3, 2}, new long[] {0, 2}, 8), 40);
        assertRefused(project, importer("c", p), p + ".idx", "cannot hold token ids");
    }

    @Test
    void refusesIndexOneByteTooLong() throws Exception {
        Path p = pairWithIndex("long", Arrays.copyOf(MegatronIndexTest.o10(), 83), 10);
        assertRefused(project, importer("c", p), p + ".idx", "file length 83 bytes does not match");
    }

    @Test
    void refusesIndexOneByteTooShort() throws Exception {
        Path p = pairWithIndex("short", Arrays.copyOf(MegatronIndexTest.o10(), 81), 10);
        assertRefused(project, importer("c", p), p + ".idx", "file length 81 bytes", "truncated");
    }

    @Test
    void refusesTruncatedBin() throws Exception {
        Path p = tmp.resolve("trunc");
        writePair(p, MegatronDtype.U16, 4);
        Path bin = Path.of(p + ".bin");
        Files.write(bin, Arrays.copyOf(Files.readAllBytes(bin), 55));
        assertRefused(project, importer("c", p), bin.toString(), "last sequence ends at byte 56", "only 55 bytes");
    }

    @Test
    void refusesMissingBin() throws Exception {
        Path p = tmp.resolve("nobin");
        writePair(p, MegatronDtype.U16, 2);
        Files.delete(Path.of(p + ".bin"));
        assertRefused(project, importer("c", p), p + ".bin", "not found");
    }

    @Test
    void refusesTokenizerThatDoesNotFitTheModelVocab() throws Exception {
        Path p = tmp.resolve("tok");
        writePair(p, MegatronDtype.U16, 2);
        Path big = hfTokenizer(tmp.resolve("big-tokenizer.json"), 50);
        MegatronImporter job = new MegatronImporter("c", Path.of(p + ".idx"), Path.of(p + ".bin"), big, 48);
        assertRefused(project, job, big.toString(), "50 ids does not fit the model vocab of 48");
    }

    @Test
    void refusesTokenizerThatIsNotJson() throws Exception {
        Path p = tmp.resolve("tokjson");
        writePair(p, MegatronDtype.U16, 2);
        Path bad = tmp.resolve("bad-tokenizer.json");
        Files.writeString(bad, "{\"model\": {\"vocab\": [1, 2]}}");
        MegatronImporter job = new MegatronImporter("c", Path.of(p + ".idx"), Path.of(p + ".bin"), bad, 48);
        assertRefused(project, job, bad.toString(), "no \"model.vocab\" object");
    }

    @Test
    void refusesTokenIdsOutsideTheModelVocab() throws Exception {
        Path p = tmp.resolve("ids");
        try (MegatronWriter w = MegatronWriter.create(p, MegatronDtype.U16)) {
            w.addDocument(new int[] {1, 2, 3, 0, 4});
            w.addDocument(new int[] {5, 60000, 6});
        }
        assertRefused(project, importer("c", p), p + ".bin", "token id 60000 at token offset 6",
                "outside the model vocab [0, 48)");
    }

    @Test
    void refusesAnEodFreeRunLongerThanTheDocumentLimit() throws Exception {
        Path p = tmp.resolve("run");
        try (MegatronWriter w = MegatronWriter.create(p, MegatronDtype.U16)) {
            w.addDocument(new int[] {1, 2, 0, 3, 4, 5, 6, 7});
        }
        MegatronImporter job = new MegatronImporter("c", Path.of(p + ".idx"), Path.of(p + ".bin"), tokenizer, 48, 4);
        assertRefused(project, job, p + ".bin", "more than 4 tokens without an EOD", "from token offset 3");
    }

    @Test
    void refusesTheSameCorpusNameTwice() throws Exception {
        Path p = tmp.resolve("twice");
        writePair(p, MegatronDtype.U16, 3);
        importer("pile", p).run(new ImportHarness.Ctx(project));
        assertRefused(project, importer("pile", p), "already has a corpus named 'pile'", project.dir().toString());
    }

    @Test
    void fullDiskDuringImportLeavesNothing() throws Exception {
        Path p = tmp.resolve("disk");
        writePair(p, MegatronDtype.U16, 10);
        MegatronImporter job = importer("c", p);
        job.writeHook = written -> {
            if (written == 3) {
                throw new IOException(p + ".bin: No space left on device (simulated)");
            }
        };
        assertRefused(project, job, "No space left on device");
        assertTrue(project.corpora().byName("c").isEmpty());
    }

    @Test
    void cancellationLeavesNothing() throws Exception {
        Path p = tmp.resolve("cancel");
        writePair(p, MegatronDtype.U16, 3);
        String before = ImportHarness.snapshot(project);
        ImportHarness.Ctx ctx = new ImportHarness.Ctx(project);
        ctx.cancel = true;
        try {
            importer("c", p).run(ctx);
        } catch (RuntimeException expected) {
            assertTrue(expected.getMessage().contains("cancelled"));
        }
        assertEquals(before, ImportHarness.snapshot(project));
    }
}
