package mda.engine.corpus.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import mda.engine.corpus.DocumentInfo;
import mda.engine.corpus.HfTokenizer;
import mda.engine.corpus.HfTokenizerJson;
import mda.engine.corpus.TokenStore;
import mda.engine.corpus.Tokenizer;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Megatron import's stored {@code hf-tokenizer.json} loads through {@link Tokenizer#load} and decodes the store. */
class MegatronHfTokenizerTest {
    @TempDir
    Path tmp;

    @Test
    void theCorpusTokenizerPathLoadsAsAnHfTokenizer() throws Exception {
        Path tokJson = HfTokenizerJson.write(tmp.resolve("tokenizer.json"));
        HfTokenizer hf = HfTokenizer.load(tokJson);
        String[] docs = {"the cat", " the end!", "x"};
        Path prefix = tmp.resolve("data");
        try (MegatronWriter w = MegatronWriter.create(prefix, MegatronDtype.U16)) {
            for (String d : docs) {
                int[] ids = hf.encode(d);
                int[] withEod = java.util.Arrays.copyOf(ids, ids.length + 1); // Pythia's packing: text then EOD
                w.addDocument(withEod);
            }
        }
        try (Project project = Project.create(tmp.resolve("proj"))) {
            CorpusRecord rec = new MegatronImporter("pile", Path.of(prefix + ".idx"), Path.of(prefix + ".bin"),
                    tokJson, 264).run(new ImportHarness.Ctx(project));
            Tokenizer tok = Tokenizer.load(project.blob(rec.tokenizerPath()));
            assertInstanceOf(HfTokenizer.class, tok);
            assertEquals(HfTokenizerJson.VOCAB, tok.vocabSize());
            TokenStore store = TokenStore.open(project.blob(rec.storePath()));
            // Three documents ended by EOD, then the empty run after the last EOD.
            assertEquals(4, store.documentCount());
            for (int i = 0; i < docs.length; i++) {
                DocumentInfo d = store.document(i);
                int[] ids = new int[d.length()];
                store.read(d.start(), ids, ids.length);
                assertEquals(docs[i], tok.decode(ids), "document " + i);
            }
            int[] all = new int[(int) store.tokenCount()];
            store.read(0, all, all.length);
            assertEquals(String.join(Tokenizer.EOD_TEXT, docs) + Tokenizer.EOD_TEXT, tok.decode(all));
        }
    }
}
