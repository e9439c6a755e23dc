package mda.engine.intervene;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mda.engine.corpus.Document;
import mda.engine.corpus.DocumentInfo;
import mda.engine.corpus.TokenStore;
import mda.engine.corpus.TokenStoreWriter;
import mda.engine.store.Blobs;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;

/**
 * Saves the synthetic samples of a SYN plan in the project so the trainer reads them like any corpus (spec §6.3):
 * a derived corpus whose token stream is the base corpus with a region inserted just before the held-out windows.
 * With context T the region holds {@code 2m + 1} windows: window {@code W + 2i + 1} (W = the base's trainable
 * windows) is synthetic sample i, exactly its T + 1 tokens, and the even windows between them are never-trained
 * fillers that absorb the one token neighbouring windows share. Windows below W and the held-out windows read the
 * same tokens as in the base corpus, so every other sample id means the same sample. Next to the store,
 * {@code synthetic.json} records each sample with its tokens, seed and placed spans, and the generator parameters.
 */
public final class SyntheticCorpusWriter {
    /** Tokens a corpus may hold to be copied into a derived one in memory. */
    static final long MAX_TOKENS = 200_000_000L;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SyntheticCorpusWriter() {
    }

    /** Id of synthetic sample {@code i} in the derived corpus whose base has {@code trainable} windows. */
    public static long sampleId(long trainable, int i) {
        return trainable + 2L * i + 1;
    }

    /** Window count of the derived corpus's trainable part: base trainable windows plus the region. */
    public static long extendedCount(long trainable, int samples) {
        return trainable + 2L * samples + 1;
    }

    /**
     * The derived corpus of a plan: reused when a corpus of that name exists and its {@code synthetic.json} holds
     * the same samples, written otherwise. {@code generator} is stored as-is next to the samples.
     */
    public static CorpusRecord ensure(Project project, CorpusRecord base, String name, int context, long trainable,
            List<MimicGenerator.Sample> samples, long[] slots, Map<String, Object> generator) throws IOException {
        String rel = "corpora/" + name;
        String json = record(samples, slots, generator, trainable);
        var existing = project.corpora().byName(name);
        if (existing.isPresent()) {
            Path file = project.blob(rel).resolve("synthetic.json");
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(json)) {
                throw new IllegalStateException("corpus '" + name + "' exists but " + file + " holds other synthetic "
                        + "samples; delete that corpus and its runs to regenerate");
            }
            return existing.get();
        }
        TokenStore src = TokenStore.open(project.blob(base.storePath()));
        long n = src.tokenCount();
        if (n > MAX_TOKENS) {
            throw new IllegalArgumentException("corpus '" + base.name() + "' has " + n + " tokens; synthetic plans "
                    + "copy it in memory and support at most " + MAX_TOKENS);
        }
        int[] stream = derivedStream(src, context, trainable, samples);
        long[] sizes = new long[2];
        Blobs.writeDirectoryAtomic(project.blob(rel), tmp -> {
            writeStore(src, tmp.resolve("store"), stream, context, trainable, samples.size());
            Files.writeString(tmp.resolve("synthetic.json"), json, StandardCharsets.UTF_8);
            TokenStore out = TokenStore.open(tmp.resolve("store"));
            sizes[0] = out.tokenCount();
            sizes[1] = out.documentCount();
        });
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("derivedFrom", base.id());
        meta.put("synthetic", rel + "/synthetic.json");
        meta.put("firstSyntheticId", sampleId(trainable, 0));
        meta.put("idStride", 2);
        meta.put("samples", samples.size());
        return project.corpora().insert(new CorpusRecord(0, name, "synthetic-mimic", base.tokenizerPath(),
                rel + "/store", base.vocab(), sizes[0], sizes[1], 0, GSON.toJson(meta)));
    }

    /** The base stream with the region of fillers and synthetic windows inserted at token {@code trainable·T}. */
    static int[] derivedStream(TokenStore src, int context, long trainable, List<MimicGenerator.Sample> samples) {
        long n = src.tokenCount();
        long cut = trainable * context;
        int region = (2 * samples.size() + 1) * context;
        int[] out = new int[(int) (n + region)];
        int[] head = new int[(int) cut];
        src.read(0, head, head.length);
        System.arraycopy(head, 0, out, 0, head.length);
        int[] tail = new int[(int) (n - cut)];
        src.read(cut, tail, tail.length);
        System.arraycopy(tail, 0, out, (int) cut + region, tail.length);
        // fillers: token 1 (never trained on); window trainable starts with the base's token at cut, which window
        // trainable − 1 ends with, so the region's first token keeps that value
        java.util.Arrays.fill(out, (int) cut, (int) cut + region, Math.min(1, src.vocab() - 1));
        out[(int) cut] = tail[0];
        for (int i = 0; i < samples.size(); i++) {
            int[] t = samples.get(i).tokens();
            if (t.length != context + 1) {
                throw new IllegalArgumentException("synthetic sample " + i + " has " + t.length + " tokens, the "
                        + "context needs " + (context + 1));
            }
            System.arraycopy(t, 0, out, (int) (sampleId(trainable, i) * context), t.length);
        }
        return out;
    }

    /** Splits the stream at EOD (0) into documents; natural documents keep the metadata of their base document. */
    private static void writeStore(TokenStore src, Path dir, int[] stream, int context, long trainable, int m)
            throws IOException {
        long cut = trainable * context;
        long region = (2L * m + 1) * context;
        try (TokenStoreWriter w = TokenStoreWriter.create(dir, src.vocab())) {
            int start = 0;
            int doc = 0;
            for (int i = 0; i <= stream.length; i++) {
                if (i == stream.length || stream[i] == 0) {
                    int[] tokens = java.util.Arrays.copyOfRange(stream, start, i);
                    long orig = start < cut ? start : start >= cut + region ? start - region : -1;
                    Document meta;
                    if (orig >= 0 && orig < src.tokenCount()) {
                        DocumentInfo info = src.document(src.documentAt(orig));
                        meta = new Document(info.id(), info.source(), info.category(), "");
                    } else {
                        meta = new Document("syn-region-" + doc, "synthetic-mimic", "synthetic-mimic", "");
                    }
                    w.addDocument(meta, tokens);
                    doc++;
                    start = i + 1;
                }
            }
            w.finish();
        }
    }

    /** The JSON record of the samples: generator parameters, then per sample its id, slot, seed, spans, tokens. */
    static String record(List<MimicGenerator.Sample> samples, long[] slots, Map<String, Object> generator,
            long trainable) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generator", generator);
        List<Map<String, Object>> list = new java.util.ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            MimicGenerator.Sample s = samples.get(i);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("sampleId", sampleId(trainable, i));
            o.put("slot", slots[i]);
            o.put("seed", Long.toUnsignedString(s.seed()));
            o.put("ipf", s.ipf());
            o.put("spans", s.spans());
            o.put("tokens", s.tokens());
            list.add(o);
        }
        root.put("samples", list);
        return GSON.toJson(root);
    }
}
