package mda.engine.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import mda.engine.util.SplitMix64;

/**
 * Seeded generator of token-id documents for tests and toy training (design.md §7). Normal documents
 * ({@value Document#SYNTHETIC}) draw tokens from a Zipf-like unigram law with a fixed "successor" per token for
 * short local structure, and copy earlier spans of 4..{@code maxRepeatSpan} tokens forward at random, variable gaps:
 * a model must learn induction rather than a fixed-offset positional head. Planted documents
 * ({@value Document#PLANTED_REPEAT}) repeat one random span of {@code plantedSpanMin..Max} tokens
 * {@code plantedCopiesMin..Max} times with random gaps: the ground-truth catalysts. Id 0 (EOD) never occurs.
 */
public final class SyntheticCorpus {
    /**
     * Generator parameters.
     *
     * @param vocab            ids are in [1, vocab); 0 is EOD
     * @param documents        number of documents
     * @param minLength        shortest normal document
     * @param maxLength        longest normal document
     * @param plantedFraction  fraction of documents that are planted (rounded to a count)
     * @param zipfExponent     unigram probability ∝ rank^-exponent
     * @param localProb        probability that a token is its predecessor's fixed successor
     * @param repeatRate       per-position probability of starting a copy of an earlier span
     * @param maxRepeatSpan    longest copied span in normal documents (shortest is 4)
     * @param plantedSpanMin   shortest planted span
     * @param plantedSpanMax   longest planted span
     * @param plantedCopiesMin fewest occurrences of the planted span
     * @param plantedCopiesMax most occurrences of the planted span
     * @param copyFreeFraction fraction of documents that are ordinary and hold no copies at all (rounded to a count):
     *                         with it the induction signal sits in a minority of the samples, as interventions need
     */
    public record Params(int vocab, int documents, int minLength, int maxLength, double plantedFraction,
                         double zipfExponent, double localProb, double repeatRate, int maxRepeatSpan,
                         int plantedSpanMin, int plantedSpanMax, int plantedCopiesMin, int plantedCopiesMax,
                         double copyFreeFraction) {
        public Params {
            require(vocab >= 16, "vocab must be at least 16", vocab);
            require(documents >= 1, "documents must be at least 1", documents);
            require(minLength >= 1 && maxLength >= minLength, "need 1 <= minLength <= maxLength, maxLength is",
                    maxLength);
            require(plantedFraction >= 0 && plantedFraction <= 1, "plantedFraction must be in [0, 1]", plantedFraction);
            require(zipfExponent > 0, "zipfExponent must be positive", zipfExponent);
            require(localProb >= 0 && localProb < 1, "localProb must be in [0, 1)", localProb);
            require(repeatRate >= 0 && repeatRate < 1, "repeatRate must be in [0, 1)", repeatRate);
            require(maxRepeatSpan >= 4, "maxRepeatSpan must be at least 4", maxRepeatSpan);
            require(plantedSpanMin >= 4 && plantedSpanMax >= plantedSpanMin,
                    "need 4 <= plantedSpanMin <= plantedSpanMax, plantedSpanMax is", plantedSpanMax);
            require(plantedCopiesMin >= 2 && plantedCopiesMax >= plantedCopiesMin,
                    "need 2 <= plantedCopiesMin <= plantedCopiesMax, plantedCopiesMax is", plantedCopiesMax);
            require(copyFreeFraction >= 0 && plantedFraction + copyFreeFraction <= 1,
                    "copyFreeFraction must be in [0, 1 - plantedFraction]", copyFreeFraction);
        }

        /** Every ordinary document may hold copies. */
        public Params(int vocab, int documents, int minLength, int maxLength, double plantedFraction,
                      double zipfExponent, double localProb, double repeatRate, int maxRepeatSpan,
                      int plantedSpanMin, int plantedSpanMax, int plantedCopiesMin, int plantedCopiesMax) {
            this(vocab, documents, minLength, maxLength, plantedFraction, zipfExponent, localProb, repeatRate,
                    maxRepeatSpan, plantedSpanMin, plantedSpanMax, plantedCopiesMin, plantedCopiesMax, 0);
        }

        /**
         * Defaults: documents of 64..256 tokens; 5% planted (few enough to be a minority, enough to rank);
         * Zipf 1.1 (natural-language-like); a copy starts about every 40 tokens, up to 16 long; planted spans of
         * 20..40 tokens occurring 3..6 times (far longer than chance repeats).
         */
        public static Params defaults(int vocab, int documents) {
            return new Params(vocab, documents, 64, 256, 0.05, 1.1, 0.25, 0.025, 16, 20, 40, 3, 6);
        }

        public Params withPlantedFraction(double fraction) {
            return new Params(vocab, documents, minLength, maxLength, fraction, zipfExponent, localProb, repeatRate,
                    maxRepeatSpan, plantedSpanMin, plantedSpanMax, plantedCopiesMin, plantedCopiesMax, copyFreeFraction);
        }

        public Params withLengths(int min, int max) {
            return new Params(vocab, documents, min, max, plantedFraction, zipfExponent, localProb, repeatRate,
                    maxRepeatSpan, plantedSpanMin, plantedSpanMax, plantedCopiesMin, plantedCopiesMax, copyFreeFraction);
        }

        /** The number of planted documents: {@code round(plantedFraction · documents)}. */
        public int plantedCount() {
            return (int) Math.round(plantedFraction * documents);
        }

        /** The number of copy-free documents: {@code round(copyFreeFraction · documents)}, never past the rest. */
        public int copyFreeCount() {
            return Math.min(documents - plantedCount(), (int) Math.round(copyFreeFraction * documents));
        }

        private static void require(boolean ok, String message, Object value) {
            if (!ok) {
                throw new IllegalArgumentException("synthetic corpus: " + message + ", got " + value);
            }
        }
    }

    /** One generated document with its token ids. */
    public record Item(Document document, int[] tokens) {
    }

    private final Params p;
    private final long seed;
    private final SplitMix64 rng;
    private final double[] cdf;
    private final int[] byRank;
    private final int[] successor;
    private final SyntheticTokenizer tokenizer;

    private SyntheticCorpus(Params p, long seed) {
        this.p = p;
        this.seed = seed;
        this.rng = SplitMix64.stream(seed, SplitMix64.Stream.CORPUS);
        this.tokenizer = new SyntheticTokenizer(p.vocab());
        // Which id has which frequency rank is itself random, so frequent ids are not just the small ones.
        byRank = new int[p.vocab() - 1];
        for (int i = 0; i < byRank.length; i++) {
            byRank[i] = i + 1;
        }
        rng.shuffle(byRank);
        cdf = new double[byRank.length];
        double sum = 0;
        for (int r = 0; r < cdf.length; r++) {
            sum += Math.pow(r + 1, -p.zipfExponent());
            cdf[r] = sum;
        }
        for (int r = 0; r < cdf.length; r++) {
            cdf[r] /= sum;
        }
        successor = new int[p.vocab()];
        for (int t = 1; t < successor.length; t++) {
            successor[t] = zipf();
        }
    }

    /** The tokenizer matching a corpus with these parameters. */
    public static SyntheticTokenizer tokenizer(Params p) {
        return new SyntheticTokenizer(p.vocab());
    }

    /** All documents in order; the same params and seed give the same list. */
    public static List<Item> generate(Params p, long seed) {
        List<Item> out = new ArrayList<>(p.documents());
        new SyntheticCorpus(p, seed).forEach(out::add);
        return out;
    }

    /** Streams the documents into {@code w} (whose vocab must be {@code p.vocab()}) without holding them all. */
    public static void writeTo(TokenStoreWriter w, Params p, long seed) throws IOException {
        List<IOException> failure = new ArrayList<>(1);
        new SyntheticCorpus(p, seed).forEach(item -> {
            if (failure.isEmpty()) {
                try {
                    w.addDocument(item.document(), item.tokens());
                } catch (IOException e) {
                    failure.add(e);
                }
            }
        });
        if (!failure.isEmpty()) {
            throw failure.get(0);
        }
    }

    /** Writes a finished token store of the corpus in {@code dir} and opens it. */
    public static TokenStore writeStore(Path dir, Params p, long seed) throws IOException {
        try (TokenStoreWriter w = TokenStoreWriter.create(dir, p.vocab())) {
            writeTo(w, p, seed);
            w.finish();
        }
        return TokenStore.open(dir);
    }

    private void forEach(Consumer<Item> sink) {
        int[] order = new int[p.documents()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        rng.shuffle(order);
        boolean[] planted = new boolean[p.documents()];
        for (int i = 0; i < p.plantedCount(); i++) {
            planted[order[i]] = true;
        }
        // the next documents of the same shuffle hold no copies: no extra draws, so a corpus without them is unchanged
        boolean[] copyFree = new boolean[p.documents()];
        for (int i = p.plantedCount(); i < p.plantedCount() + p.copyFreeCount(); i++) {
            copyFree[order[i]] = true;
        }
        String source = "synthetic:seed=" + seed;
        for (int d = 0; d < p.documents(); d++) {
            int[] tokens = planted[d] ? plantedDocument() : normalDocument(!copyFree[d]);
            String category = planted[d] ? Document.PLANTED_REPEAT : Document.SYNTHETIC;
            Document doc = new Document(String.format("syn-%06d", d), source, category, tokenizer.decode(tokens));
            sink.accept(new Item(doc, tokens));
        }
    }

    private int[] normalDocument(boolean copies) {
        int len = p.minLength() + rng.nextInt(p.maxLength() - p.minLength() + 1);
        int[] t = new int[len];
        fill(t, 0, len, copies);
        return t;
    }

    /** Fills {@code t[from, to)}: unigram/successor tokens, with copies of earlier spans when {@code copies}. */
    private void fill(int[] t, int from, int to, boolean copies) {
        int i = from;
        while (i < to) {
            if (copies && i >= 8 && rng.nextDouble() < p.repeatRate()) {
                int span = Math.min(4 + rng.nextInt(p.maxRepeatSpan() - 3), Math.min(i, to - i));
                if (span >= 4) {
                    int src = rng.nextInt(i - span + 1); // the gap i - src varies from span to i
                    System.arraycopy(t, src, t, i, span);
                    i += span;
                    continue;
                }
            }
            t[i] = i > 0 && rng.nextDouble() < p.localProb() ? successor[t[i - 1]] : zipf();
            i++;
        }
    }

    private int[] plantedDocument() {
        int spanLen = between(p.plantedSpanMin(), p.plantedSpanMax());
        int copies = between(p.plantedCopiesMin(), p.plantedCopiesMax());
        int[] span = new int[spanLen];
        for (int k = 0; k < spanLen; k++) {
            span[k] = 1 + rng.nextInt(p.vocab() - 1); // uniform ids: the span is unlike its surroundings
        }
        int[] gaps = new int[copies + 1];
        int total = spanLen * copies;
        for (int g = 0; g <= copies; g++) {
            gaps[g] = g == 0 || g == copies ? rng.nextInt(p.minLength() + 1) : between(1, 2 * spanLen);
            total += gaps[g];
        }
        int[] t = new int[total];
        int pos = 0;
        for (int g = 0; g <= copies; g++) {
            // Filler like an ordinary document (short copies included), so a planted document is an ordinary one
            // plus the long planted repeats: strictly more repetitive, never less. Copy-free filler made planted
            // samples the ones that teach the head NOT to copy (they ranked at the bottom).
            fill(t, pos, pos + gaps[g], true);
            pos += gaps[g];
            if (g < copies) {
                System.arraycopy(span, 0, t, pos, spanLen);
                pos += spanLen;
            }
        }
        return t;
    }

    private int between(int lo, int hi) {
        return lo + rng.nextInt(hi - lo + 1);
    }

    private int zipf() {
        int r = Arrays.binarySearch(cdf, rng.nextDouble());
        int rank = r >= 0 ? r + 1 : -r - 1; // first rank whose cumulative probability exceeds the draw
        return byRank[Math.min(rank, byRank.length - 1)];
    }
}
