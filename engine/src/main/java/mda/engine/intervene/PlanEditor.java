package mda.engine.intervene;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import mda.engine.attribution.AttributionScores;
import mda.engine.intervene.InterventionPlan.Fill;
import mda.engine.intervene.InterventionPlan.Kind;
import mda.engine.train.DataOrder;
import mda.engine.train.DataOrder.RemovalPolicy;
import mda.engine.util.SplitMix64;

/**
 * Applies an {@link InterventionPlan} to the baseline's data order (spec §6.1–6.2). Only the slots of the chosen
 * samples (removal) or the chosen copy slots (duplication) change; every other slot keeps its sample, so the runs
 * share seed, horizon, schedule and evaluation sets and differ only where the plan says.
 *
 * <p>Random choices come from the INTERVENTION stream of the plan seed, one derived seed per purpose (subset,
 * copy slots, resampled fill), so the TOP plan and its RAND control draw copy slots and fills identically.
 */
public final class PlanEditor {
    private PlanEditor() {
    }

    /**
     * The edited order and what the edit did.
     *
     * @param order        the new data order
     * @param plan         the plan with its fill resolved
     * @param samples      the plan's sample set (TOP by decreasing score, BOTTOM by increasing, RAND in draw order)
     * @param copySlots    flat slots that received copies (duplication; empty for removal)
     * @param skipped      samples of the set that could not be duplicated (first seen in the window's last step)
     * @param windowSize   n_W, the number of scored candidates
     * @param changedSlots number of flat slots whose sample differs from the baseline
     */
    public record Edit(DataOrder order, InterventionPlan plan, long[] samples, long[] copySlots, int skipped,
                       int windowSize, int changedSlots) {
    }

    /**
     * Applies {@code plan}. {@code windowSteps} is the attribution checkpoint: the candidate window is steps
     * {@code [0, windowSteps)} and copies go to steps after the original occurrence but inside the window.
     */
    public static Edit apply(InterventionPlan plan, DataOrder base, AttributionScores scores, int windowSteps) {
        if (windowSteps < 2 || windowSteps > base.steps()) {
            throw new IllegalArgumentException("the attribution window of " + windowSteps + " steps must lie in [2, "
                    + base.steps() + "] (the run's horizon)");
        }
        if (plan.kind().synthesizes()) {
            throw new IllegalArgumentException("plan " + plan.label() + " writes synthetic or reserve samples; "
                    + "apply it with SynthesisEditor");
        }
        int n = scores.size();
        if (n == 0) {
            throw new IllegalArgumentException("attribution " + plan.attributionId() + " has no scored samples");
        }
        int count = plan.setSize(n);
        long[] top = ranked(scores, count, true);
        long[] rand = random(scores, count, plan.planSeed());
        long[] set;
        switch (plan.kind()) {
            case REMOVE_TOP: case DUPLICATE_TOP: set = top; break;
            case REMOVE_BOTTOM: set = ranked(scores, count, false); break;
            default: set = rand; break;
        }
        if (plan.kind().removes()) {
            return remove(plan, base, set, n);
        }
        return duplicate(plan, base, top, rand, windowSteps, n);
    }

    /**
     * How often, on average, each distinct sample of steps {@code [0, steps)} occurs there: 1 for a single pass over
     * the data. Above 1 the run repeats its data, and a removal refilled by resampling repeats the rest even more,
     * which by itself can move formation; the remove-random control carries the same effect.
     */
    public static double meanOccurrences(DataOrder order, int steps) {
        long end = Math.min(order.slotCount(), (long) steps * order.batchSize());
        BitSet seen = new BitSet();
        long used = 0;
        for (long i = 0; i < end; i++) {
            long id = order.sampleAt(i);
            if (id >= 0) {
                seen.set((int) id);
                used++;
            }
        }
        return seen.isEmpty() ? 0 : used / (double) seen.cardinality();
    }

    /** The {@code count} highest (or lowest) scores' sample ids; ties go to the smaller id. */
    static long[] ranked(AttributionScores scores, int count, boolean highest) {
        int[] ids = scores.sampleIds();
        float[] s = scores.scores();
        Comparator<Integer> byScore = Comparator.comparingDouble(i -> s[i]);
        Comparator<Integer> order = (highest ? byScore.reversed() : byScore).thenComparingInt(i -> ids[i]);
        return IntStream.range(0, ids.length).boxed().sorted(order).limit(count).mapToLong(i -> ids[i]).toArray();
    }

    /** A uniform subset of the candidates (partial Fisher–Yates on the subset stream), in draw order. */
    static long[] random(AttributionScores scores, int count, long seed) {
        int[] ids = scores.sampleIds().clone();
        SplitMix64 rng = SplitMix64.stream(seed, SplitMix64.Stream.INTERVENTION);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(ids.length - i);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
            out[i] = ids[i];
        }
        return out;
    }

    private static Edit remove(InterventionPlan plan, DataOrder base, long[] set, int n) {
        Set<Long> removed = new LinkedHashSet<>();
        for (long id : set) {
            removed.add(id);
        }
        Fill fill = plan.fill();
        int occurrences = occurrences(base, removed);
        if (fill == Fill.AUTO) {
            fill = reserveSuffices(base, removed, occurrences) ? Fill.RESERVE : Fill.RESAMPLE;
        }
        DataOrder out;
        switch (fill) {
            case RESERVE:
                if (!reserveSuffices(base, removed, occurrences)) {
                    throw new IllegalArgumentException("the run has too little data beyond its horizon to refill "
                            + occurrences + " removed slots from the reserve; use --fill resample or --fill shrink");
                }
                out = base.withRemoved(removed, RemovalPolicy.REPLACE_FROM_RESERVE);
                break;
            case SHRINK:
                out = base.withRemoved(removed, RemovalPolicy.SHRINK);
                break;
            default:
                out = resample(base, removed, plan.planSeed());
                break;
        }
        return new Edit(out, plan.withFill(fill), set, new long[0], 0, n, changed(base, out));
    }

    private static boolean reserveSuffices(DataOrder base, Set<Long> removed, int occurrences) {
        try {
            base.reserve(occurrences, removed);
            return true;
        } catch (IllegalStateException tooSmall) {
            return false;
        }
    }

    private static int occurrences(DataOrder order, Set<Long> ids) {
        int c = 0;
        for (long i = 0; i < order.slotCount(); i++) {
            if (ids.contains(order.sampleAt(i))) {
                c++;
            }
        }
        return c;
    }

    /** Each removed occurrence, in slot order, gets a uniform draw from the ids the order still uses. */
    static DataOrder resample(DataOrder base, Set<Long> removed, long seed) {
        BitSet used = new BitSet();
        for (long i = 0; i < base.slotCount(); i++) {
            long id = base.sampleAt(i);
            if (id >= 0 && !removed.contains(id)) {
                used.set((int) id);
            }
        }
        int[] pool = used.stream().toArray();
        if (pool.length == 0) {
            throw new IllegalArgumentException("removing these samples leaves no data to refill their slots");
        }
        SplitMix64 rng = SplitMix64.stream(seed + 2, SplitMix64.Stream.INTERVENTION);
        Map<Long, Long> edits = new HashMap<>();
        for (long i = 0; i < base.slotCount(); i++) {
            if (removed.contains(base.sampleAt(i))) {
                edits.put(i, (long) pool[rng.nextInt(pool.length)]);
            }
        }
        return base.withSlots(edits);
    }

    /**
     * Copy slots are drawn once for the TOP set, protecting TOP and RAND samples, and reused for the RAND control
     * (§6.2). Multiplicity m adds m − 1 rounds; a round's copies hold TOP ids and are thus protected in the next.
     */
    private static Edit duplicate(InterventionPlan plan, DataOrder base, long[] top, long[] rand, int windowSteps,
            int n) {
        int lastStep = windowSteps - 1;
        // a sample first seen in the window's last step has no later step inside the window for its copy
        int[] keep = IntStream.range(0, top.length).filter(i -> {
            long f = base.firstOccurrence(top[i]);
            return f >= 0 && f / base.batchSize() < lastStep;
        }).toArray();
        long[] topKept = Arrays.stream(keep).mapToLong(i -> top[i]).toArray();
        long[] randKept = Arrays.stream(keep).mapToLong(i -> rand[i]).toArray();
        if (topKept.length == 0) {
            throw new IllegalArgumentException("none of the " + top.length + " top samples occurs before the last "
                    + "step of the attribution window, so none can be duplicated inside it");
        }
        Set<Long> protectedIds = new HashSet<>();
        for (long id : rand) {
            protectedIds.add(id);
        }
        for (long id : top) {
            protectedIds.add(id);
        }
        SplitMix64 rng = SplitMix64.stream(plan.planSeed() + 1, SplitMix64.Stream.INTERVENTION);
        boolean control = plan.kind() == Kind.DUPLICATE_RANDOM;
        long[] copyIds = control ? randKept : topKept;
        DataOrder topPath = base;
        DataOrder out = base;
        long[] allSlots = new long[0];
        for (int round = 1; round < plan.multiplicity(); round++) {
            long[] slots = topPath.duplicateSlots(topKept, protectedIds, lastStep, rng);
            topPath = topPath.withCopies(slots, topKept);
            out = out.withCopies(slots, copyIds);
            long[] grown = Arrays.copyOf(allSlots, allSlots.length + slots.length);
            System.arraycopy(slots, 0, grown, allSlots.length, slots.length);
            allSlots = grown;
        }
        return new Edit(out, plan.withFill(plan.fill()), control ? rand : top, allSlots, top.length - keep.length,
                n, changed(base, out));
    }

    private static int changed(DataOrder a, DataOrder b) {
        int c = 0;
        for (long i = 0; i < a.slotCount(); i++) {
            if (a.sampleAt(i) != b.sampleAt(i)) {
                c++;
            }
        }
        return c;
    }
}
