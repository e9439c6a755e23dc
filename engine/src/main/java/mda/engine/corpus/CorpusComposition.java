package mda.engine.corpus;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Size and make-up of a token store: documents and tokens per category, and the text bytes per token (exact when
 * every document is decoded, else measured on evenly spaced documents up to a token budget). EOD separators count
 * towards the total tokens but towards no category.
 *
 * @param byCategory      per category: documents and tokens (without separators)
 * @param bytesPerToken   UTF-8 bytes of decoded text per document token; NaN without a tokenizer
 * @param measuredTokens  document tokens decoded to measure {@code bytesPerToken}
 * @param exact           whether every document was decoded
 */
public record CorpusComposition(long documents, long tokens, Map<String, Share> byCategory, double bytesPerToken,
                                long measuredTokens, boolean exact) {
    /** Documents and tokens of one category. */
    public record Share(long documents, long tokens) {
    }

    /** Default decode budget: enough for a stable ratio, cheap on a 100 M token store. */
    public static final long DEFAULT_MEASURE_TOKENS = 2_000_000;

    /**
     * Reads the composition of {@code store}; decodes with {@code tokenizer} (may be null) at most about
     * {@code measureTokens} document tokens.
     */
    public static CorpusComposition of(TokenStore store, Tokenizer tokenizer, long measureTokens) {
        Map<String, long[]> acc = new TreeMap<>();
        long docTokens = 0;
        for (int i = 0; i < store.documentCount(); i++) {
            DocumentInfo d = store.document(i);
            long[] a = acc.computeIfAbsent(d.category(), k -> new long[2]);
            a[0]++;
            a[1] += d.length();
            docTokens += d.length();
        }
        Map<String, Share> shares = new TreeMap<>();
        acc.forEach((k, a) -> shares.put(k, new Share(a[0], a[1])));
        double bpt = Double.NaN;
        long measured = 0;
        if (tokenizer != null && docTokens > 0) {
            // Every stride-th document, the stride chosen so the decoded tokens stay near the budget.
            int stride = (int) Math.max(1, Math.min(store.documentCount(), docTokens / Math.max(1, measureTokens)));
            long bytes = 0;
            for (int i = 0; i < store.documentCount(); i += stride) {
                DocumentInfo d = store.document(i);
                int[] ids = new int[d.length()];
                store.read(d.start(), ids, d.length());
                bytes += tokenizer.decode(ids).getBytes(StandardCharsets.UTF_8).length;
                measured += d.length();
            }
            bpt = measured == 0 ? Double.NaN : (double) bytes / measured;
        }
        return new CorpusComposition(store.documentCount(), store.tokenCount(), Collections.unmodifiableMap(shares),
                bpt, measured, measured == docTokens);
    }

    /** The share of all tokens (separators included) held by {@code category}'s documents, 0..1. */
    public double tokenShare(String category) {
        Share s = byCategory.get(category);
        return s == null || tokens == 0 ? 0 : (double) s.tokens() / tokens;
    }
}
