package mda.engine.intervene;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mda.engine.analysis.RepetitionStats;
import mda.engine.util.SplitMix64;

/**
 * Generates one synthetic sample of {@code n = T + 1} tokens that mimics the repeated structure of the top samples
 * (spec §6.3): an i.i.d. unigram background, then repeated spans — length and count drawn from {@link MimicStats},
 * content random unigram tokens ({@link Source#RANDOM}) or copied from a top sample ({@link Source#COPY}), first
 * occurrence at a uniform position, each further copy a drawn gap after the previous — until the sample's
 * {@code IPF_2^{≥D}} reaches the top samples' median. Spans never overwrite each other, so each placed occurrence
 * stays intact and can be checked.
 */
public final class MimicGenerator {
    /** Where span content comes from; MARKUP writes the whole sample from {@link MarkupGrammar} text. */
    public enum Source { RANDOM, COPY, MARKUP }

    /** Placing attempts per sample before giving up on the target (a full sample or an unreachable target). */
    static final int MAX_TRIES = 200;

    /**
     * One repeated span as placed.
     *
     * @param length    ℓ
     * @param positions start of every occurrence, increasing; consecutive differences are drawn gaps
     * @param source    "random", or "copy:<top index>@<start>" naming the top sample and offset copied
     */
    public record Placement(int length, int[] positions, String source) {
    }

    /** A generated sample: its tokens, the spans placed and the IPF reached. */
    public record Sample(long seed, int[] tokens, List<Placement> spans, double ipf) {
    }

    private final MimicStats stats;
    private final Source source;
    private final double[] cumulative;
    private final List<int[]> top;
    private final java.util.function.Function<String, int[]> encoder;

    /** A RANDOM or COPY generator (no text encoder). */
    public MimicGenerator(MimicStats stats, Source source, long[] unigram, List<int[]> top) {
        this(stats, source, unigram, top, null);
    }

    /**
     * @param stats    the distributions to draw from
     * @param source   span content source
     * @param unigram  token counts of the corpus (index = token id); the background distribution
     * @param top      the top samples (COPY copies from them)
     * @param encoder  the corpus tokenizer's text encoder (MARKUP only)
     */
    public MimicGenerator(MimicStats stats, Source source, long[] unigram, List<int[]> top,
            java.util.function.Function<String, int[]> encoder) {
        this.stats = stats;
        this.source = source;
        this.top = top;
        this.encoder = encoder;
        if (source == Source.MARKUP && encoder == null) {
            throw new IllegalArgumentException("SYN-markup needs the corpus tokenizer to encode its text");
        }
        cumulative = new double[unigram.length];
        double total = 0;
        for (int i = 0; i < unigram.length; i++) {
            if (unigram[i] < 0) {
                throw new IllegalArgumentException("unigram count of token " + i + " is negative");
            }
            total += unigram[i];
            cumulative[i] = total;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("the unigram distribution is empty (no tokens counted)");
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= total;
        }
        if (source == Source.COPY && top.isEmpty()) {
            throw new IllegalArgumentException("SYN-copy needs top samples to copy spans from");
        }
    }

    /** One sample of {@code n} tokens from {@code seed} (same seed, same sample). */
    public Sample generate(int n, long seed) {
        if (n < 2 * stats.minSpan()) {
            throw new IllegalArgumentException("a synthetic sample of " + n + " tokens cannot hold two spans of "
                    + stats.minSpan());
        }
        SplitMix64 rng = SplitMix64.stream(seed, SplitMix64.Stream.INTERVENTION);
        if (source == Source.MARKUP) {
            return markup(n, seed, rng);
        }
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = unigram(rng);
        }
        boolean[] taken = new boolean[n];
        List<Placement> spans = new ArrayList<>();
        double ipf = ipf(tokens);
        for (int tries = 0; tries < MAX_TRIES && ipf < stats.ipfTarget(); tries++) {
            int len = Math.min(draw(stats.lengths(), rng), n / 2);
            int count = draw(stats.counts(), rng);
            int[] pos = positions(n, len, count, taken, rng);
            if (pos == null) {
                continue;
            }
            int[] content = new int[len];
            String from = "random";
            if (source == Source.RANDOM) {
                for (int i = 0; i < len; i++) {
                    content[i] = unigram(rng);
                }
            } else {
                int which = rng.nextInt(top.size());
                int[] t = top.get(which);
                int start = rng.nextInt(t.length - len + 1);
                System.arraycopy(t, start, content, 0, len);
                from = "copy:" + which + "@" + start;
            }
            for (int p : pos) {
                System.arraycopy(content, 0, tokens, p, len);
                Arrays.fill(taken, p, p + len, true);
            }
            spans.add(new Placement(len, pos, from));
            ipf = ipf(tokens);
        }
        return new Sample(seed, tokens, spans, ipf);
    }

    /** A sample of grammar text, encoded and cut to {@code n} tokens; its repeats come from the grammar. */
    private Sample markup(int n, long seed, SplitMix64 rng) {
        MarkupGrammar grammar = new MarkupGrammar(rng);
        StringBuilder text = new StringBuilder();
        int[] ids = new int[0];
        for (int chars = 4 * n; ids.length < n; chars *= 2) {
            grammar.fill(text, chars);
            ids = encoder.apply(text.toString());
        }
        int[] tokens = Arrays.copyOf(ids, n);
        return new Sample(seed, tokens, List.of(), ipf(tokens));
    }

    /**
     * Occurrence starts for a span of {@code len}: a uniform first start, then drawn gaps (redrawn when shorter than
     * the span) while copies fit; null when fewer than two free, non-overlapping occurrences fit.
     */
    private int[] positions(int n, int len, int count, boolean[] taken, SplitMix64 rng) {
        int first = rng.nextInt(n - len + 1);
        if (!free(taken, first, len)) {
            return null;
        }
        List<Integer> pos = new ArrayList<>();
        pos.add(first);
        int at = first;
        while (pos.size() < count) {
            int gap = -1;
            for (int k = 0; k < 8 && gap < len; k++) {
                gap = draw(stats.gaps(), rng);
            }
            if (gap < len || at + gap + len > n || !free(taken, at + gap, len)) {
                break;
            }
            at += gap;
            pos.add(at);
        }
        return pos.size() < 2 ? null : pos.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean free(boolean[] taken, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (taken[i]) {
                return false;
            }
        }
        return true;
    }

    private double ipf(int[] tokens) {
        return RepetitionStats.ipf(tokens, 2, stats.minDistance()).longRangeFraction();
    }

    private static int draw(int[] empirical, SplitMix64 rng) {
        return empirical[rng.nextInt(empirical.length)];
    }

    private int unigram(SplitMix64 rng) {
        double u = rng.nextDouble();
        int i = Arrays.binarySearch(cumulative, u);
        i = i >= 0 ? i + 1 : -i - 1;
        // skip zero-probability ids that share the cumulative value, and guard the top end
        while (i < cumulative.length - 1 && (i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1]) == 0) {
            i++;
        }
        return Math.min(i, cumulative.length - 1);
    }
}
