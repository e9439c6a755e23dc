package mda.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mda.engine.train.DataOrder.RemovalPolicy;
import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest edits of spec §6.2: only the intended slots change (O18). */
class ManifestEditsTest {
    @TempDir
    Path dir;

    /** 100 samples, 10 steps of 4: 40 used, 60 in reserve. */
    private final DataOrder base = DataOrder.build(100, 4, 10, 5);

    private static List<Integer> differingSlots(DataOrder a, DataOrder b) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.slotCount(); i++) {
            if (a.sampleAt(i) != b.sampleAt(i)) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void withSlotsChangesOnlyTheNamedSlot() {
        DataOrder edited = base.withSlots(Map.of(13L, 99L == base.sampleAt(13) ? 98L : 99L));
        assertEquals(List.of(13), differingSlots(base, edited));
        assertEquals(3, base.firstDifferingStep(edited));
        assertEquals(3, edited.firstDifferingStep(base));
        assertThrows(IllegalArgumentException.class, () -> base.withSlots(Map.of(40L, 1L)));
        assertThrows(IllegalArgumentException.class, () -> base.withSlots(Map.of(0L, 100L)));
    }

    @Test
    void replaceFromReserveRefillsOnlyRemovedSlotsInReserveOrder() {
        long a = base.sample(2, 1);
        long b = base.sample(6, 3);
        DataOrder edited = base.withRemoved(Set.of(a, b), RemovalPolicy.REPLACE_FROM_RESERVE);
        assertEquals(List.of(9, 27), differingSlots(base, edited));
        assertEquals(2, base.firstDifferingStep(edited));
        long[] reserve = base.reserve(2, Set.of());
        assertEquals(reserve[0], edited.sample(2, 1));
        assertEquals(reserve[1], edited.sample(6, 3));
        // a control removal of other samples draws the same reserve samples in the same order
        long c = base.sample(4, 0);
        long d = base.sample(8, 2);
        DataOrder control = base.withRemoved(Set.of(c, d), RemovalPolicy.REPLACE_FROM_RESERVE);
        assertEquals(reserve[0], control.sample(4, 0));
        assertEquals(reserve[1], control.sample(8, 2));
        // a second edit draws the next unused reserve sample
        DataOrder twice = edited.withRemoved(Set.of(c), RemovalPolicy.REPLACE_FROM_RESERVE);
        assertEquals(base.reserve(3, Set.of())[2], twice.sample(4, 0));
    }

    @Test
    void explicitReserveIsUsedInOrderAndMustHoldUnusedSamples() {
        long a = base.sample(0, 0);
        long[] res = base.reserve(3, Set.of());
        long[] mine = {res[2], res[0]};
        DataOrder edited = base.withRemoved(Set.of(a), RemovalPolicy.REPLACE_FROM_RESERVE, mine);
        assertEquals(res[2], edited.sample(0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base.withRemoved(
                Set.of(a), RemovalPolicy.REPLACE_FROM_RESERVE, new long[] {base.sample(5, 0)}));
        assertTrue(e.getMessage().contains("already in the data order"), e.getMessage());
    }

    @Test
    void shrinkEmptiesSlotsAndSurvivesTheFile() {
        long a = base.sample(3, 2);
        DataOrder edited = base.withRemoved(Set.of(a), RemovalPolicy.SHRINK);
        assertEquals(List.of(14), differingSlots(base, edited));
        assertEquals(DataOrder.EMPTY, edited.sample(3, 2));
        assertArrayEquals(new long[] {base.sample(3, 0), base.sample(3, 1), base.sample(3, 3)}, edited.batch(3));
        Path f = dir.resolve("shrunk.bin");
        edited.write(f);
        assertEquals(edited, DataOrder.read(f));
    }

    @Test
    void shiftClosesUpTheOrderAndRefillsTheTailFromTheReserve() {
        long a = base.sample(5, 1);
        DataOrder edited = base.withRemoved(Set.of(a), RemovalPolicy.SHIFT);
        assertEquals(5, base.firstDifferingStep(edited));
        for (int i = 0; i < 21; i++) {
            assertEquals(base.sampleAt(i), edited.sampleAt(i));
        }
        for (int i = 21; i < 39; i++) {
            assertEquals(base.sampleAt(i + 1), edited.sampleAt(i));
        }
        assertEquals(base.reserve(1, Set.of())[0], edited.sampleAt(39));
    }

    @Test
    void removalWithoutReserveOrOfAbsentSampleIsAClearError() {
        DataOrder multiEpoch = DataOrder.build(10, 5, 4, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> multiEpoch.withRemoved(Set.of(3L), RemovalPolicy.REPLACE_FROM_RESERVE));
        assertTrue(e.getMessage().contains("reserve holds only 0"), e.getMessage());
        long absent = base.reserve(1, Set.of())[0];
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> base.withRemoved(Set.of(absent), RemovalPolicy.SHRINK));
        assertTrue(e2.getMessage().contains("does not occur"), e2.getMessage());
    }

    @Test
    void duplicateSlotsAreLaterUnprotectedDistinctAndShared() {
        DataOrder order = DataOrder.build(400, 4, 40, 9);
        long[] top = {order.sample(1, 0), order.sample(3, 2), order.sample(10, 1)};
        long[] rand = {order.sample(2, 3), order.sample(5, 1), order.sample(7, 0)};
        Set<Long> protectedIds = new HashSet<>();
        for (int k = 0; k < 3; k++) {
            protectedIds.add(top[k]);
            protectedIds.add(rand[k]);
        }
        long[] slots = order.duplicateSlots(top, protectedIds, 29, SplitMix64.stream(1, SplitMix64.Stream.INTERVENTION));
        assertArrayEquals(slots, order.duplicateSlots(top, protectedIds, 29,
                SplitMix64.stream(1, SplitMix64.Stream.INTERVENTION)));
        int[] firstStep = {1, 3, 10};
        Set<Long> distinct = new HashSet<>();
        for (int k = 0; k < 3; k++) {
            int step = (int) (slots[k] / 4);
            assertTrue(step > firstStep[k] && step <= 29, "copy of top[" + k + "] at step " + step);
            assertTrue(!protectedIds.contains(order.sampleAt(slots[k])));
            assertTrue(distinct.add(slots[k]));
        }
        DataOrder dup = order.withCopies(slots, top);
        DataOrder control = order.withCopies(slots, rand);
        List<Integer> changed = differingSlots(order, dup);
        assertEquals(3, changed.size());
        assertEquals(changed, differingSlots(order, control));
        long earliest = Math.min(slots[0], Math.min(slots[1], slots[2]));
        assertEquals((int) (earliest / 4), order.firstDifferingStep(dup));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> order.duplicateSlots(new long[] {order.sample(29, 0)}, Set.of(), 29, new SplitMix64(1)));
        assertTrue(e.getMessage().contains("no step after it"), e.getMessage());
    }

    /** Each eligible slot is picked about equally often; the crowded case (exact enumeration) finds the one slot. */
    @Test
    void duplicateSlotChoiceIsUniformAndWorksWhenSlotsAreCrowded() {
        DataOrder order = DataOrder.build(400, 2, 4, 2);
        long target = order.sample(0, 0);
        Set<Long> protectedIds = Set.of(order.sample(0, 1), order.sample(1, 0));
        // eligible: flat slots 3..7 (steps 1..3 minus the protected slot 2)
        int[] counts = new int[8];
        SplitMix64 rng = new SplitMix64(77);
        for (int t = 0; t < 5000; t++) {
            counts[(int) order.duplicateSlots(new long[] {target}, protectedIds, 3, rng)[0]]++;
        }
        assertEquals(0, counts[0] + counts[1] + counts[2]);
        for (int s = 3; s < 8; s++) {
            assertTrue(Math.abs(counts[s] - 1000) < 120, "slot " + s + " picked " + counts[s] + " of 5000");
        }
        DataOrder big = DataOrder.build(1000, 10, 40, 3);
        Set<Long> crowd = new HashSet<>();
        for (int i = 10; i < 400; i++) {
            crowd.add(big.sampleAt(i));
        }
        crowd.remove(big.sampleAt(257));
        long[] slot = big.duplicateSlots(new long[] {big.sample(0, 0)}, crowd, 39, new SplitMix64(5));
        assertArrayEquals(new long[] {257}, slot);
    }
}
