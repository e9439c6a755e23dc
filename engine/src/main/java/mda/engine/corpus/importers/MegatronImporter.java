package mda.engine.corpus.importers;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import mda.engine.corpus.Categorizer;
import mda.engine.corpus.Document;
import mda.engine.jobs.JobContext;

/**
 * Imports a Megatron {@code .idx}/{@code .bin} pair (e.g. Pythia's preshuffled Pile) without re-tokenizing. The
 * token stream is copied, in {@code .bin} order, into a project token store, so the corpus lives inside the project
 * and samples read it like any other corpus; copying costs one pass over the data (≈ 2 bytes per token) and keeps
 * the project self-contained, which we chose over referencing the {@code .bin} in place. Documents are the runs
 * between EOD tokens (id 0), so the stored stream is byte-identical to the {@code .bin} stream (consecutive EODs
 * give empty documents). Every id must lie in {@code [0, modelVocab)}.
 *
 * <p>The {@code tokenizer.json} is copied beside the store as {@code hf-tokenizer.json} (which
 * {@link mda.engine.corpus.Tokenizer#load} reads as an {@link mda.engine.corpus.HfTokenizer}) and its path and
 * vocabulary size are recorded in the corpus metadata; a tokenizer with more ids than the model vocabulary is
 * refused.
 */
public final class MegatronImporter extends CorpusImportJob {
    /** 16 M tokens: the longest EOD-free run held in memory as one document. */
    public static final int DEFAULT_MAX_DOCUMENT_TOKENS = 1 << 24;
    static final String TOKENIZER_FILE = "hf-tokenizer.json";
    private static final int CHUNK = 1 << 20;

    private final Path idx;
    private final Path bin;
    private final Path tokenizerJson;
    private final int modelVocab;
    private final int maxDocumentTokens;

    public MegatronImporter(String name, Path idx, Path bin, Path tokenizerJson, int modelVocab,
                            int maxDocumentTokens) {
        super(name);
        if (modelVocab < 2) {
            throw new IllegalArgumentException("model vocab must be at least 2, got " + modelVocab);
        }
        if (maxDocumentTokens < 1) {
            throw new IllegalArgumentException("document limit must be positive, got " + maxDocumentTokens);
        }
        this.idx = idx.toAbsolutePath().normalize();
        this.bin = bin.toAbsolutePath().normalize();
        this.tokenizerJson = tokenizerJson.toAbsolutePath().normalize();
        this.modelVocab = modelVocab;
        this.maxDocumentTokens = maxDocumentTokens;
    }

    public MegatronImporter(String name, Path idx, Path bin, Path tokenizerJson, int modelVocab) {
        this(name, idx, bin, tokenizerJson, modelVocab, DEFAULT_MAX_DOCUMENT_TOKENS);
    }

    @Override
    public String kind() {
        return "megatron";
    }

    @Override
    Built build(JobContext ctx, Path tmp) throws IOException {
        HfTokenizerInfo tok = HfTokenizerInfo.read(tokenizerJson);
        if (tok.vocabSize() > modelVocab) {
            throw new IOException(tokenizerJson + ": tokenizer vocabulary of " + tok.vocabSize()
                    + " ids does not fit the model vocab of " + modelVocab);
        }
        try (MegatronDataset data = MegatronDataset.open(idx, bin)) {
            return copy(ctx, tmp, data, tok);
        }
    }

    private Built copy(JobContext ctx, Path tmp, MegatronDataset data, HfTokenizerInfo tok) throws IOException {
        long total = data.tokenCount();
        if (total == 0) {
            throw new IOException(idx + ": the index describes no tokens");
        }
        int[] chunk = new int[(int) Math.min(CHUNK, total)];
        int[] doc = new int[1024];
        int len = 0;
        long docStart = 0;
        try (Sink sink = new Sink(tmp.resolve("store"), modelVocab, ctx)) {
            for (long pos = 0; pos < total; pos += chunk.length) {
                ctx.progress("copy-tokens", pos, total, sink.documents() + " documents");
                int n = (int) Math.min(chunk.length, total - pos);
                data.read(pos, chunk, n);
                for (int i = 0; i < n; i++) {
                    int t = chunk[i];
                    if (t < 0 || t >= modelVocab) {
                        throw new IOException(bin + ": token id " + t + " at token offset " + (pos + i)
                                + " is outside the model vocab [0, " + modelVocab + ")");
                    }
                    if (t == 0) {
                        sink.add(document(sink.documents(), docStart), Arrays.copyOf(doc, len));
                        len = 0;
                        docStart = pos + i + 1;
                        continue;
                    }
                    if (len == maxDocumentTokens) {
                        throw new IOException(bin + ": more than " + maxDocumentTokens + " tokens without an EOD (id 0)"
                                + " from token offset " + docStart + "; raise the document limit");
                    }
                    if (len == doc.length) {
                        doc = Arrays.copyOf(doc, (int) Math.min(maxDocumentTokens, 2L * len));
                    }
                    doc[len++] = t;
                }
            }
            sink.add(document(sink.documents(), docStart), Arrays.copyOf(doc, len));
            sink.finish();
            ctx.progress("copy-tokens", total, total, sink.documents() + " documents");
            Files.copy(tokenizerJson, tmp.resolve(TOKENIZER_FILE));
            return new Built(TOKENIZER_FILE, modelVocab, sink.tokens(), sink.documents(), meta(data, tok));
        }
    }

    private Document document(int j, long start) {
        return new Document("doc-" + j, bin + "@" + start, Categorizer.OTHER, "");
    }

    private String meta(MegatronDataset data, HfTokenizerInfo tok) {
        JsonObject o = new JsonObject();
        o.addProperty("idx", idx.toString());
        o.addProperty("bin", bin.toString());
        o.addProperty("dtype", data.index().dtype().name().toLowerCase(java.util.Locale.ROOT));
        o.addProperty("sequences", data.sequenceCount());
        o.addProperty("docIdxEntries", data.index().docIdx().length);
        o.addProperty("storage", "copied");
        o.addProperty("tokenizerSource", tok.file().toString());
        o.addProperty("tokenizerVocab", tok.vocabSize());
        o.addProperty("tokenizerKind", "hf-tokenizer-json");
        o.addProperty("modelVocab", modelVocab);
        return o.toString();
    }
}
