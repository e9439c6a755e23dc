package mda.engine.intervene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import mda.engine.attribution.AttributionScores;
import mda.engine.intervene.InterventionPlan.Fill;
import mda.engine.intervene.InterventionPlan.Kind;
import mda.engine.train.DataOrder;
import org.junit.jupiter.api.Test;

/** Plans edit only the intervened slots of the baseline's data order (spec §6.1–6.2). */
class PlanEditorTest {
    /** 2000 samples, 100 steps of 8: one epoch of 800 slots, 1200 samples in reserve. */
    private final DataOrder single = DataOrder.build(2000, 8, 100, 7);
    /** 300 samples, 100 steps of 8: the corpus is cycled ~2.7 times, no reserve. */
    private final DataOrder cycled = DataOrder.build(300, 8, 100, 7);

    /** Scores for the candidates of steps [0, window): a fixed pseudo-random function of the id. */
    static AttributionScores scores(DataOrder order, int window) {
        TreeSet<Long> ids = new TreeSet<>();
        for (int s = 0; s < window; s++) {
            for (long id : order.batch(s)) {
                ids.add(id);
            }
        }
        int[] sid = ids.stream().mapToInt(Long::intValue).toArray();
        float[] sc = new float[sid.length];
        for (int i = 0; i < sid.length; i++) {
            sc[i] = (float) Math.sin(sid[i] * 12.9898) * 100;
        }
        return new AttributionScores(sid, sc, new float[sid.length]);
    }

    private static InterventionPlan plan(Kind kind, double k, int m, Fill fill, long seed) {
        return new InterventionPlan(kind, k, m, fill, 1, seed);
    }

    private static Set<Long> set(long[] ids) {
        Set<Long> s = new HashSet<>();
        for (long id : ids) {
            s.add(id);
        }
        return s;
    }

    @Test
    void meanOccurrencesCountsPassesOverTheDataAndGrowsWhenResamplingRefillsARemoval() {
        assertEquals(1.0, PlanEditor.meanOccurrences(single, 100), 0.0, "one pass: every sample once");
        // 75 steps of 8 are 600 slots: two whole shuffled passes over 300 samples
        assertEquals(2.0, PlanEditor.meanOccurrences(cycled, 75), 1e-12);
        java.util.Set<Long> removed = new java.util.HashSet<>();
        for (long id = 0; id < 30; id++) {
            removed.add(id);
        }
        DataOrder refilled = PlanEditor.resample(cycled, removed, 3);
        // the same 600 slots now hold the other 270 samples
        assertEquals(600.0 / 270, PlanEditor.meanOccurrences(refilled, 75), 1e-12);
    }

    @Test
    void removingTopChangesExactlyTheSlotsOfTheTopSamples() {
        AttributionScores sc = scores(single, 50);
        PlanEditor.Edit e = PlanEditor.apply(plan(Kind.REMOVE_TOP, 10, 2, Fill.AUTO, 7), single, sc, 50);
        assertEquals(Fill.RESERVE, e.plan().fill(), "a single-epoch order has a reserve");
        assertEquals((int) Math.ceil(0.1 * sc.size()), e.samples().length);
        // the top set holds the highest scores
        float cut = Float.POSITIVE_INFINITY;
        Set<Long> top = set(e.samples());
        for (int i = 0; i < sc.size(); i++) {
            if (top.contains((long) sc.sampleIds()[i])) {
                cut = Math.min(cut, sc.scores()[i]);
            }
        }
        for (int i = 0; i < sc.size(); i++) {
            if (!top.contains((long) sc.sampleIds()[i])) {
                assertTrue(sc.scores()[i] <= cut, "sample " + sc.sampleIds()[i] + " outranks the top set");
            }
        }
        int changed = 0;
        long first = Long.MAX_VALUE;
        for (long i = 0; i < single.slotCount(); i++) {
            long was = single.sampleAt(i);
            long now = e.order().sampleAt(i);
            if (top.contains(was)) {
                assertNotEquals(was, now);
                assertFalse(top.contains(now));
                changed++;
                first = Math.min(first, i);
            } else {
                assertEquals(was, now, "untouched slot " + i + " changed");
            }
        }
        assertEquals(changed, e.changedSlots());
        assertEquals(first / 8, single.firstDifferingStep(e.order()));
    }

    @Test
    void topAndRandomRemovalRefillFromTheSameReserveInTheSameOrder() {
        AttributionScores sc = scores(single, 50);
        PlanEditor.Edit top = PlanEditor.apply(plan(Kind.REMOVE_TOP, 10, 2, Fill.RESERVE, 7), single, sc, 50);
        PlanEditor.Edit rand = PlanEditor.apply(plan(Kind.REMOVE_RANDOM, 10, 2, Fill.RESERVE, 7), single, sc, 50);
        assertEquals(top.samples().length, rand.samples().length);
        assertTrue(set(sc.sampleIds().length > 0 ? Arrays.stream(sc.sampleIds()).asLongStream().toArray()
                : new long[0]).containsAll(set(rand.samples())), "RAND is a subset of the candidate window");
        long[] fillTop = refills(single, top.order());
        long[] fillRand = refills(single, rand.order());
        int common = Math.min(fillTop.length, fillRand.length);
        assertArrayEquals(Arrays.copyOf(fillTop, common), Arrays.copyOf(fillRand, common));
        // the random subset is a function of the plan seed
        PlanEditor.Edit again = PlanEditor.apply(plan(Kind.REMOVE_RANDOM, 10, 2, Fill.RESERVE, 7), single, sc, 50);
        assertArrayEquals(rand.samples(), again.samples());
        PlanEditor.Edit other = PlanEditor.apply(plan(Kind.REMOVE_RANDOM, 10, 2, Fill.RESERVE, 8), single, sc, 50);
        assertFalse(Arrays.equals(rand.samples(), other.samples()));
    }

    /** The new ids of the changed slots, in slot order. */
    private static long[] refills(DataOrder a, DataOrder b) {
        return java.util.stream.LongStream.range(0, a.slotCount()).filter(i -> a.sampleAt(i) != b.sampleAt(i))
                .map(b::sampleAt).toArray();
    }

    @Test
    void bottomRemovesTheMostNegativeScores() {
        AttributionScores sc = scores(single, 50);
        PlanEditor.Edit e = PlanEditor.apply(plan(Kind.REMOVE_BOTTOM, 5, 2, Fill.RESERVE, 7), single, sc, 50);
        float[] sorted = sc.scores().clone();
        Arrays.sort(sorted);
        float worstKept = sorted[e.samples().length - 1];
        Set<Long> bottom = set(e.samples());
        for (int i = 0; i < sc.size(); i++) {
            assertEquals(sc.scores()[i] <= worstKept, bottom.contains((long) sc.sampleIds()[i]),
                    "sample " + sc.sampleIds()[i]);
        }
    }

    @Test
    void cycledOrderHasNoReserveSoAutoResamplesOnlyTheRemovedSlots() {
        AttributionScores sc = scores(cycled, 20);
        assertThrows(IllegalArgumentException.class,
                () -> PlanEditor.apply(plan(Kind.REMOVE_TOP, 10, 2, Fill.RESERVE, 7), cycled, sc, 20));
        PlanEditor.Edit e = PlanEditor.apply(plan(Kind.REMOVE_TOP, 10, 2, Fill.AUTO, 7), cycled, sc, 20);
        assertEquals(Fill.RESAMPLE, e.plan().fill());
        Set<Long> top = set(e.samples());
        int occurrences = 0;
        for (long i = 0; i < cycled.slotCount(); i++) {
            long was = cycled.sampleAt(i);
            long now = e.order().sampleAt(i);
            if (top.contains(was)) {
                occurrences++;
                assertFalse(top.contains(now), "a removed sample came back at slot " + i);
                assertTrue(now >= 0 && now < 300);
            } else {
                assertEquals(was, now);
            }
        }
        assertTrue(occurrences > top.size(), "every epoch's occurrence is removed: " + occurrences);
        PlanEditor.Edit shrink = PlanEditor.apply(plan(Kind.REMOVE_TOP, 10, 2, Fill.SHRINK, 7), cycled, sc, 20);
        assertEquals(occurrences, shrink.changedSlots());
        assertEquals(occurrences, java.util.stream.LongStream.range(0, cycled.slotCount())
                .filter(i -> shrink.order().sampleAt(i) == DataOrder.EMPTY).count());
    }

    @Test
    void duplicationInsertsCopiesAtSeededSlotsAfterTheOriginalInsideTheWindow() {
        int window = 50;
        AttributionScores sc = scores(single, window);
        PlanEditor.Edit e = PlanEditor.apply(plan(Kind.DUPLICATE_TOP, 10, 3, Fill.AUTO, 7), single, sc, window);
        PlanEditor.Edit ctl = PlanEditor.apply(plan(Kind.DUPLICATE_RANDOM, 10, 3, Fill.AUTO, 7), single, sc, window);
        int kept = e.samples().length - e.skipped();
        assertEquals(2 * kept, e.copySlots().length, "m = 3: two extra copies per sample");
        assertEquals(e.copySlots().length, e.changedSlots());
        Set<Long> top = set(e.samples());
        Set<Long> protectedIds = new HashSet<>(top);
        protectedIds.addAll(set(ctl.samples()));
        Set<Long> slots = new HashSet<>();
        for (long s : e.copySlots()) {
            assertTrue(slots.add(s), "slot " + s + " used twice");
            long copy = e.order().sampleAt(s);
            assertTrue(top.contains(copy));
            assertFalse(protectedIds.contains(single.sampleAt(s)), "a copy overwrote a TOP or RAND sample");
            assertTrue(s / 8 > single.firstOccurrence(copy) / 8, "copy before the original");
            assertTrue(s / 8 < window, "copy outside the window");
        }
        for (long i = 0; i < single.slotCount(); i++) {
            if (!slots.contains(i)) {
                assertEquals(single.sampleAt(i), e.order().sampleAt(i));
                assertEquals(single.sampleAt(i), ctl.order().sampleAt(i));
            }
        }
        // the control reuses the same slots with the random samples
        assertArrayEquals(e.copySlots(), ctl.copySlots());
        for (long s : ctl.copySlots()) {
            assertTrue(set(ctl.samples()).contains(ctl.order().sampleAt(s)));
        }
        // the slots are a function of the plan seed
        assertArrayEquals(e.copySlots(), PlanEditor.apply(plan(Kind.DUPLICATE_TOP, 10, 3, Fill.AUTO, 7), single, sc,
                window).copySlots());
        assertFalse(Arrays.equals(e.copySlots(), PlanEditor.apply(plan(Kind.DUPLICATE_TOP, 10, 3, Fill.AUTO, 9),
                single, sc, window).copySlots()));
    }

    @Test
    void planJsonRoundTripsAndLabelsNameTheParameters() {
        InterventionPlan p = plan(Kind.DUPLICATE_TOP, 0.5, 2, Fill.RESAMPLE, 42);
        assertEquals(p, InterventionPlan.fromJson(p.toJson()));
        assertEquals("duplicate-top-k0.5-m2", p.label());
        assertEquals("remove-top-k10", plan(Kind.REMOVE_TOP, 10, 2, Fill.AUTO, 1).label());
        assertEquals(50, plan(Kind.REMOVE_TOP, 10, 2, Fill.AUTO, 1).setSize(500));
        assertEquals(51, plan(Kind.REMOVE_TOP, 10, 2, Fill.AUTO, 1).setSize(501));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Kind.parse("remove-all"));
        assertTrue(bad.getMessage().contains("remove-top"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plan(Kind.REMOVE_TOP, 0, 2, Fill.AUTO, 1));
        assertThrows(IllegalArgumentException.class, () -> plan(Kind.REMOVE_TOP, 10, 1, Fill.AUTO, 1));
    }
}
