package mda.engine.train;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import mda.engine.train.DataOrder.RemovalPolicy;
import mda.engine.util.SplitMix64;

/**
 * The manifest edits of spec §6.2, behind {@link DataOrder}'s public methods. Each returns a new order and touches
 * only the slots the edit names (SHIFT excepted, by definition), so the runs stay identical up to the first edit.
 */
final class ManifestEdits {
    private ManifestEdits() {}

    static DataOrder withSlots(DataOrder order, Map<Long, Long> newIds) {
        IdArray ids = order.ids().copy();
        for (Map.Entry<Long, Long> e : newIds.entrySet()) {
            Long flat = e.getKey();
            Long id = e.getValue();
            if (flat == null || id == null) {
                throw new IllegalArgumentException("slot edits must not contain null keys or values");
            }
            if (flat < 0 || flat >= order.slotCount()) {
                throw new IllegalArgumentException("flat slot index " + flat + " outside [0, " + order.slotCount()
                        + ") (steps " + order.steps() + " × batch " + order.batchSize() + ")");
            }
            checkId(order, id, true);
            ids.set((int) (long) flat, id);
        }
        return order.withIds(ids);
    }

    static DataOrder withRemoved(DataOrder order, Set<Long> sampleIds, RemovalPolicy policy, long[] reserve) {
        if (policy == null) {
            throw new IllegalArgumentException("removal policy must not be null");
        }
        BitSet removed = new BitSet();
        for (Long id : sampleIds) {
            checkId(order, id, false);
            removed.set(toIndex(id));
        }
        IdArray src = order.ids();
        int n = src.length();
        int occurrences = 0;
        BitSet seen = new BitSet();
        for (int i = 0; i < n; i++) {
            long id = src.get(i);
            if (id >= 0 && removed.get(toIndex(id))) {
                occurrences++;
                seen.set(toIndex(id));
            }
        }
        if (!seen.equals(removed)) {
            BitSet missing = (BitSet) removed.clone();
            missing.andNot(seen);
            throw new IllegalArgumentException("cannot remove sample " + missing.nextSetBit(0)
                    + ": it does not occur in the data order");
        }
        long[] fill = policy == RemovalPolicy.SHRINK ? new long[0] : reserveFor(order, sampleIds, reserve, occurrences);
        IdArray out = src.copy();
        switch (policy) {
            case REPLACE_FROM_RESERVE: {
                int k = 0;
                for (int i = 0; i < n; i++) {
                    long id = src.get(i);
                    if (id >= 0 && removed.get(toIndex(id))) {
                        out.set(i, fill[k++]);
                    }
                }
                break;
            }
            case SHRINK:
                for (int i = 0; i < n; i++) {
                    long id = src.get(i);
                    if (id >= 0 && removed.get(toIndex(id))) {
                        out.set(i, DataOrder.EMPTY);
                    }
                }
                break;
            case SHIFT: {
                int w = 0;
                for (int i = 0; i < n; i++) {
                    long id = src.get(i);
                    if (id < 0 || !removed.get(toIndex(id))) {
                        out.set(w++, id);
                    }
                }
                for (int k = 0; w < n; k++) {
                    out.set(w++, fill[k]);
                }
                break;
            }
            default:
                throw new IllegalArgumentException("unknown removal policy " + policy);
        }
        return order.withIds(out);
    }

    /** The first {@code count} reserve ids: replayed from the seed, or the caller's list after checking it. */
    private static long[] reserveFor(DataOrder order, Set<Long> removed, long[] reserve, int count) {
        if (reserve == null) {
            return order.reserve(count, removed);
        }
        if (reserve.length < count) {
            throw new IllegalArgumentException("the reserve holds " + reserve.length + " samples, " + count
                    + " removed slots need refilling");
        }
        BitSet used = order.usedIds();
        Set<Long> taken = new HashSet<>();
        for (int k = 0; k < count; k++) {
            long id = reserve[k];
            checkId(order, id, false);
            if (removed.contains(id) || used.get(toIndex(id)) || !taken.add(id)) {
                throw new IllegalArgumentException("reserve sample " + id + " is already in the data order, removed,"
                        + " or listed twice; a reserve must hold unused samples only");
            }
        }
        return reserve;
    }

    static long[] duplicateSlots(DataOrder order, long[] sampleIds, Set<Long> protectedIds, int lastStep,
            SplitMix64 rng) {
        if (lastStep < 0 || lastStep >= order.steps()) {
            throw new IllegalArgumentException("lastStep " + lastStep + " outside [0, " + order.steps() + ")");
        }
        int b = order.batchSize();
        Set<Long> guard = new HashSet<>(protectedIds);
        Map<Long, Integer> first = new HashMap<>();
        for (long id : sampleIds) {
            checkId(order, id, false);
            if (first.put(id, -1) != null) {
                throw new IllegalArgumentException("sample " + id + " is listed twice for duplication");
            }
            guard.add(id);
        }
        IdArray ids = order.ids();
        int end = (lastStep + 1) * b;
        for (int i = 0; i < end; i++) {
            Integer f = first.get(ids.get(i));
            if (f != null && f < 0) {
                first.put(ids.get(i), i);
            }
        }
        Set<Long> chosen = new HashSet<>();
        long[] slots = new long[sampleIds.length];
        for (int k = 0; k < sampleIds.length; k++) {
            long id = sampleIds[k];
            int f = first.get(id);
            if (f < 0) {
                throw new IllegalArgumentException("sample " + id + " does not occur in steps 0.." + lastStep
                        + ", so it has no original occurrence to duplicate");
            }
            int lo = (f / b + 1) * b;
            if (lo >= end) {
                throw new IllegalArgumentException("sample " + id + " first occurs at step " + (f / b)
                        + "; no step after it up to lastStep " + lastStep + " can take its copy");
            }
            slots[k] = pickSlot(ids, lo, end, guard, chosen, rng);
            if (slots[k] < 0) {
                throw new IllegalArgumentException("no free slot in steps " + (lo / b) + ".." + lastStep
                        + " for the copy of sample " + id + " (all hold protected samples or copies)");
            }
            chosen.add(slots[k]);
        }
        return slots;
    }

    /** Uniform over eligible slots in [lo, end): rejection first, exact enumeration if the slots are crowded. */
    private static long pickSlot(IdArray ids, int lo, int end, Set<Long> guard, Set<Long> chosen, SplitMix64 rng) {
        for (int attempt = 0; attempt < 64; attempt++) {
            int r = lo + (int) rng.nextBounded(end - lo);
            if (eligible(ids, r, guard, chosen)) {
                return r;
            }
        }
        int count = 0;
        for (int i = lo; i < end; i++) {
            if (eligible(ids, i, guard, chosen)) {
                count++;
            }
        }
        if (count == 0) {
            return -1;
        }
        long pick = rng.nextBounded(count);
        for (int i = lo; i < end; i++) {
            if (eligible(ids, i, guard, chosen) && pick-- == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: eligible slot count changed during the scan");
    }

    private static boolean eligible(IdArray ids, int i, Set<Long> guard, Set<Long> chosen) {
        long id = ids.get(i);
        return id != DataOrder.EMPTY && !guard.contains(id) && !chosen.contains((long) i);
    }

    static DataOrder withCopies(DataOrder order, long[] slots, long[] sampleIds) {
        if (slots.length != sampleIds.length) {
            throw new IllegalArgumentException("slots and sampleIds differ in length: " + slots.length + " vs "
                    + sampleIds.length);
        }
        Map<Long, Long> edits = new LinkedHashMap<>();
        for (int k = 0; k < slots.length; k++) {
            if (edits.put(slots[k], sampleIds[k]) != null) {
                throw new IllegalArgumentException("flat slot " + slots[k] + " is given two copies");
            }
        }
        return withSlots(order, edits);
    }

    private static void checkId(DataOrder order, Long id, boolean emptyAllowed) {
        if (id == null) {
            throw new IllegalArgumentException("sample id must not be null");
        }
        if (emptyAllowed && id == DataOrder.EMPTY) {
            return;
        }
        if (id < 0 || id >= order.sampleCount()) {
            throw new IllegalArgumentException("sample id " + id + " outside [0, " + order.sampleCount() + ")");
        }
    }

    private static int toIndex(long id) {
        if (id > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sample id " + id + " too large for an in-memory edit");
        }
        return (int) id;
    }
}
