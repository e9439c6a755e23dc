package mda.engine.intervene;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mda.engine.analysis.Median;
import mda.engine.analysis.RepeatedSpans;
import mda.engine.analysis.RepetitionStats;

/**
 * The repeated structure of the TOP(k) samples that synthetic samples mimic (spec §6.3): the empirical distributions
 * of repeated-span length ℓ (maximal repeats with ℓ ≥ {@code minSpan}, from the greedy parse of
 * {@link RepeatedSpans}), of the gap between consecutive occurrences of one span's content, of occurrences per span,
 * and the median of the samples' long-range induction-predictable fraction {@code IPF_2^{≥D}}.
 *
 * @param lengths     observed span lengths (one entry per distinct repeated content per sample)
 * @param gaps        observed start-to-start gaps between consecutive occurrences
 * @param counts      observed occurrences per span (≥ 2)
 * @param ipfTarget   median {@code IPF_2^{≥D}} over the samples
 * @param minSpan     shortest span counted (spec: 4)
 * @param minDistance D of the long-range IPF
 */
public record MimicStats(int[] lengths, int[] gaps, int[] counts, double ipfTarget, int minSpan, int minDistance) {
    /** Spec default for the shortest repeat counted. */
    public static final int MIN_SPAN = 4;
    /** Spec default for D; {@link #distanceFor} caps it for short contexts. */
    public static final int LONG_RANGE = 64;

    public MimicStats {
        if (lengths.length == 0 || gaps.length == 0 || counts.length == 0) {
            throw new IllegalArgumentException("the top samples hold no repeated span of at least " + minSpan
                    + " tokens; there is no repeated structure to mimic");
        }
    }

    /**
     * D for samples of {@code n} tokens: the spec's 64, capped at n/4 so that a short context (where no two
     * positions lie 64 apart) still has a long-range target to reach.
     */
    public static int distanceFor(int n) {
        return Math.max(2, Math.min(LONG_RANGE, n / 4));
    }

    /** Estimates the distributions from the top samples (all of {@code n = T + 1} tokens). */
    public static MimicStats estimate(List<int[]> topSamples) {
        if (topSamples.isEmpty()) {
            throw new IllegalArgumentException("no top samples to estimate repeated structure from");
        }
        int d = distanceFor(topSamples.get(0).length);
        List<Integer> lengths = new ArrayList<>();
        List<Integer> gaps = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        double[] ipf = new double[topSamples.size()];
        for (int s = 0; s < topSamples.size(); s++) {
            int[] tokens = topSamples.get(s);
            ipf[s] = RepetitionStats.ipf(tokens, 2, d).longRangeFraction();
            // group the parse's occurrences by their content: each group is one span with its occurrence starts
            Map<String, List<Integer>> byContent = new HashMap<>();
            Map<String, Integer> lengthOf = new HashMap<>();
            for (RepeatedSpans.Span sp : RepeatedSpans.find(tokens, MIN_SPAN)) {
                String key = Arrays.toString(Arrays.copyOfRange(tokens, sp.firstStart(), sp.firstStart()
                        + sp.length()));
                List<Integer> starts = byContent.computeIfAbsent(key, k -> new ArrayList<>());
                if (!starts.contains(sp.firstStart())) {
                    starts.add(sp.firstStart());
                }
                starts.add(sp.secondStart());
                lengthOf.put(key, sp.length());
            }
            for (Map.Entry<String, List<Integer>> e : byContent.entrySet()) {
                List<Integer> starts = e.getValue();
                starts.sort(null);
                lengths.add(lengthOf.get(e.getKey()));
                counts.add(starts.size());
                for (int i = 1; i < starts.size(); i++) {
                    gaps.add(starts.get(i) - starts.get(i - 1));
                }
            }
        }
        Arrays.sort(ipf);
        double median = Median.ofSorted(ipf);
        return new MimicStats(sorted(lengths), sorted(gaps), sorted(counts), median, MIN_SPAN, d);
    }

    private static int[] sorted(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
