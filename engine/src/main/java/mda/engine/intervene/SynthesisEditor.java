package mda.engine.intervene;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import mda.engine.attribution.AttributionScores;
import mda.engine.intervene.InterventionPlan.Fill;
import mda.engine.intervene.InterventionPlan.Kind;
import mda.engine.train.DataOrder;
import mda.engine.util.SplitMix64;

/**
 * Applies a SYN plan (spec §6.2 "augment by synthesis", §6.3): {@code ⌈k·n_W⌉} overwrite slots are chosen exactly
 * as for DUP (one per TOP(k) sample, at a step after its first occurrence inside the window, never over a TOP or
 * RAND sample; the same seed stream, so the slots equal the duplicate plan's), then SYN-random / SYN-copy write
 * synthetic samples there and the control writes natural samples from the reserve (or, without a reserve, seeded
 * draws from the samples the order uses). No other slot changes.
 */
public final class SynthesisEditor {
    private SynthesisEditor() {
    }

    /**
     * What a SYN plan needs from the corpus.
     *
     * @param topTokens tokens of the TOP(k) samples, in rank order (estimation and SYN-copy)
     * @param unigram   corpus token counts (background distribution)
     * @param context   T; samples have T + 1 tokens
     * @param encoder   the corpus tokenizer's text encoder, for SYN-markup; null where the corpus has none
     */
    public record CorpusView(List<int[]> topTokens, long[] unigram, int context,
                             java.util.function.Function<String, int[]> encoder) {
        public CorpusView(List<int[]> topTokens, long[] unigram, int context) {
            this(topTokens, unigram, context, null);
        }
    }

    /**
     * The edit and, for SYN-random / SYN-copy, the generated samples (empty for the control).
     *
     * @param edit      the order edit; {@code samples()} holds the synthetic ids (or the control's natural ids)
     * @param stats     the estimated distributions
     * @param generated the synthetic samples, parallel to {@code edit.copySlots()}
     */
    public record Synthesis(PlanEditor.Edit edit, MimicStats stats, List<MimicGenerator.Sample> generated) {
    }

    /** The TOP(k) ids the plan reads, in rank order (load their tokens for {@link CorpusView}). */
    public static long[] topSet(InterventionPlan plan, AttributionScores scores) {
        return PlanEditor.ranked(scores, plan.setSize(scores.size()), true);
    }

    /** Applies a SYN plan; {@code windowSteps} is the attribution step, as for {@link PlanEditor#apply}. */
    public static Synthesis apply(InterventionPlan plan, DataOrder base, AttributionScores scores, int windowSteps,
            CorpusView corpus) {
        if (!plan.kind().synthesizes()) {
            throw new IllegalArgumentException("plan " + plan.label() + " is not a synthesis plan");
        }
        int n = scores.size();
        int count = plan.setSize(n);
        long[] top = PlanEditor.ranked(scores, count, true);
        long[] rand = PlanEditor.random(scores, count, plan.planSeed());
        int lastStep = windowSteps - 1;
        long[] kept = Arrays.stream(top).filter(id -> {
            long f = base.firstOccurrence(id);
            return f >= 0 && f / base.batchSize() < lastStep;
        }).toArray();
        if (kept.length == 0) {
            throw new IllegalArgumentException("none of the " + top.length + " top samples occurs before the last "
                    + "step of the attribution window, so no overwrite slot can follow it");
        }
        Set<Long> guard = new HashSet<>();
        Arrays.stream(top).forEach(guard::add);
        Arrays.stream(rand).forEach(guard::add);
        // the DUP plan's stream and call: the SYN slots are the duplicate plan's copy slots
        long[] slots = base.duplicateSlots(kept, guard, lastStep,
                SplitMix64.stream(plan.planSeed() + 1, SplitMix64.Stream.INTERVENTION));
        MimicStats stats = MimicStats.estimate(corpus.topTokens());
        int skipped = top.length - kept.length;
        if (plan.kind() == Kind.SYN_CONTROL) {
            Fill fill = plan.fill();
            long[] ids;
            try {
                if (fill == Fill.RESAMPLE) {
                    throw new IllegalStateException("resample asked for");
                }
                ids = base.reserve(slots.length, guard);
                fill = Fill.RESERVE;
            } catch (IllegalStateException noReserve) {
                if (fill == Fill.RESERVE || fill == Fill.SHRINK) {
                    throw new IllegalArgumentException("the control of a synthesis plan needs " + slots.length
                            + " reserve samples (" + noReserve.getMessage() + "); use --fill auto or resample");
                }
                ids = resampled(base, guard, slots.length, plan.planSeed());
                fill = Fill.RESAMPLE;
            }
            DataOrder out = base.withCopies(slots, ids);
            return new Synthesis(new PlanEditor.Edit(out, plan.withFill(fill), ids, slots, skipped, n,
                    changed(base, out)), stats, List.of());
        }
        MimicGenerator.Source source = switch (plan.kind()) {
            case SYN_COPY -> MimicGenerator.Source.COPY;
            case SYN_MARKUP -> MimicGenerator.Source.MARKUP;
            default -> MimicGenerator.Source.RANDOM;
        };
        MimicGenerator gen = new MimicGenerator(stats, source, corpus.unigram(), corpus.topTokens(),
                corpus.encoder());
        SplitMix64 seeds = SplitMix64.stream(plan.planSeed() + 3, SplitMix64.Stream.INTERVENTION);
        List<MimicGenerator.Sample> samples = new ArrayList<>();
        long[] ids = new long[slots.length];
        for (int i = 0; i < slots.length; i++) {
            samples.add(gen.generate(corpus.context() + 1, seeds.nextLong()));
            ids[i] = SyntheticCorpusWriter.sampleId(base.sampleCount(), i);
        }
        DataOrder out = widen(base, SyntheticCorpusWriter.extendedCount(base.sampleCount(), slots.length))
                .withCopies(slots, ids);
        return new Synthesis(new PlanEditor.Edit(out, plan.withFill(Fill.AUTO), ids, slots, skipped, n,
                changed(base, out)), stats, samples);
    }

    /** The same table over a larger id space, so that the synthetic ids beyond the base's samples are valid. */
    static DataOrder widen(DataOrder base, long sampleCount) {
        DataOrder wide = DataOrder.sequential(sampleCount, base.batchSize(), base.steps());
        Map<Long, Long> all = new LinkedHashMap<>();
        for (long i = 0; i < base.slotCount(); i++) {
            all.put(i, base.sampleAt(i));
        }
        return wide.withSlots(all);
    }

    /** Seeded uniform draws from the ids the order uses, outside {@code guard}. */
    private static long[] resampled(DataOrder base, Set<Long> guard, int count, long seed) {
        BitSet used = new BitSet();
        for (long i = 0; i < base.slotCount(); i++) {
            long id = base.sampleAt(i);
            if (id >= 0 && !guard.contains(id)) {
                used.set((int) id);
            }
        }
        int[] pool = used.stream().toArray();
        if (pool.length == 0) {
            throw new IllegalArgumentException("the order uses no sample outside the top and random sets");
        }
        SplitMix64 rng = SplitMix64.stream(seed + 2, SplitMix64.Stream.INTERVENTION);
        return IntStream.range(0, count).mapToLong(i -> pool[rng.nextInt(pool.length)]).toArray();
    }

    static int changed(DataOrder a, DataOrder b) {
        int c = 0;
        for (long i = 0; i < a.slotCount(); i++) {
            if (a.sampleAt(i) != b.sampleAt(i)) {
                c++;
            }
        }
        return c;
    }

    /** Generator parameters as stored with the samples. */
    static Map<String, Object> generatorRecord(InterventionPlan plan, MimicStats stats, int context,
            long unigramTotal) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("kind", plan.kind().cliName());
        g.put("planSeed", plan.planSeed());
        g.put("sampleSeedStream", "SplitMix64(planSeed + 3, INTERVENTION).nextLong() per sample");
        g.put("tokens", context + 1);
        g.put("minSpan", stats.minSpan());
        g.put("ipfMinDistance", stats.minDistance());
        g.put("ipfTarget", stats.ipfTarget());
        g.put("lengths", stats.lengths());
        g.put("gaps", stats.gaps());
        g.put("counts", stats.counts());
        g.put("unigramTokens", unigramTotal);
        g.put("maxTries", MimicGenerator.MAX_TRIES);
        if (plan.kind() == Kind.SYN_MARKUP) {
            g.put("grammar", "MarkupGrammar: nested XML with 3-5 tags per sample, LaTeX environments, itemize lists, "
                    + "tabular rows; text encoded by the corpus tokenizer and cut to the sample length");
        }
        return g;
    }
}
