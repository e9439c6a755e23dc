package mda.engine.train;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import mda.engine.util.SplitMix64;

/**
 * The recorded data order ("manifest", spec §1.6): the table {@code (step, slot) -> sample id}, fixed once per project,
 * saved, and the single source of truth for what the model saw when. Slot {@code j} of step {@code s} is the flat
 * index {@code s·B + j}.
 *
 * <p>{@link #build} fills the table with Fisher–Yates shuffles of {@code 0..N-1} drawn from
 * {@code SplitMix64.stream(seed, DATA_ORDER)}: epoch {@code e} covers flat indices {@code [e·N, (e+1)·N)} and is a
 * fresh shuffle of the identity (the generator continues across epochs). The ids of the last epoch's shuffle that
 * fall past the horizon form the <em>reserve</em>: the data beyond the training horizon, in a fixed order (§6.2).
 *
 * <p>Edits (§6.2) return new orders and change only the slots they name, so every step before the first edited slot is
 * identical (O18). A slot may be {@link #EMPTY} after a {@link RemovalPolicy#SHRINK} removal. Instances are immutable.
 */
public final class DataOrder {
    /** Sample id of a slot left empty by {@link RemovalPolicy#SHRINK}. */
    public static final long EMPTY = -1;

    /** How the table was first filled; kept so that the reserve can be replayed after edits. */
    public enum Kind { SHUFFLED, SEQUENTIAL }

    /** What happens to the slots of removed samples (§6.2). */
    public enum RemovalPolicy {
        /** Default: each vacated slot gets the next unused sample from the reserve; nothing else moves. */
        REPLACE_FROM_RESERVE,
        /** The slot becomes {@link #EMPTY}: that batch has fewer rows and the loss is a mean over the rest. */
        SHRINK,
        /** The remaining order closes up and the tail is refilled from the reserve; every later step changes. */
        SHIFT
    }

    private final Kind kind;
    private final int steps;
    private final int batchSize;
    private final long sampleCount;
    private final long seed;
    private final IdArray ids;

    DataOrder(Kind kind, int steps, int batchSize, long sampleCount, long seed, IdArray ids) {
        this.kind = kind;
        this.steps = steps;
        this.batchSize = batchSize;
        this.sampleCount = sampleCount;
        this.seed = seed;
        this.ids = ids;
    }

    /**
     * Shuffled order over {@code sampleCount} samples for {@code steps} steps of {@code batchSize}; a new shuffle per
     * epoch when {@code steps·batchSize} exceeds the sample count.
     */
    public static DataOrder build(long sampleCount, int batchSize, int steps, long seed) {
        checkShape(sampleCount, batchSize, steps);
        long total = (long) steps * batchSize;
        int[] flat = new int[(int) total];
        int n = (int) sampleCount;
        SplitMix64 rng = SplitMix64.stream(seed, SplitMix64.Stream.DATA_ORDER);
        int[] perm = new int[n];
        for (long pos = 0; pos < total; pos += n) {
            shuffleIdentity(perm, rng);
            System.arraycopy(perm, 0, flat, (int) pos, (int) Math.min(n, total - pos));
        }
        return new DataOrder(Kind.SHUFFLED, steps, batchSize, sampleCount, seed, IdArray.wrap(flat));
    }

    /** Pythia's preshuffled order: flat slot {@code k} holds sample {@code k mod N}; the seed is recorded as 0. */
    public static DataOrder sequential(long sampleCount, int batchSize, int steps) {
        checkShape(sampleCount, batchSize, steps);
        long total = (long) steps * batchSize;
        IdArray flat = IdArray.allocate(total, sampleCount);
        for (int k = 0; k < total; k++) {
            flat.set(k, k % sampleCount);
        }
        return new DataOrder(Kind.SEQUENTIAL, steps, batchSize, sampleCount, 0, flat);
    }

    private static void checkShape(long sampleCount, int batchSize, int steps) {
        if (sampleCount <= 0) {
            throw new IllegalArgumentException("sampleCount must be positive, got " + sampleCount);
        }
        if (sampleCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("sampleCount " + sampleCount + " is too large to shuffle in memory (max "
                    + (Integer.MAX_VALUE - 8) + ")");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        if ((long) steps * batchSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("steps × batchSize = " + ((long) steps * batchSize)
                    + " slots exceeds one Java array");
        }
    }

    /** Fisher–Yates of the identity; the same draws as {@link SplitMix64#shuffle(int[])}. */
    private static void shuffleIdentity(int[] perm, SplitMix64 rng) {
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        rng.shuffle(perm);
    }

    /** Sample id at {@code (step, slot)}, or {@link #EMPTY}. */
    public long sample(int step, int slot) {
        checkStep(step);
        if (slot < 0 || slot >= batchSize) {
            throw new IndexOutOfBoundsException("slot " + slot + " outside [0, " + batchSize + ")");
        }
        return ids.get(step * batchSize + slot);
    }

    /** The ids of one step's non-empty slots, in slot order (length {@code B} unless SHRINK emptied some). */
    public long[] batch(int step) {
        checkStep(step);
        int base = step * batchSize;
        int filled = 0;
        for (int j = 0; j < batchSize; j++) {
            if (ids.get(base + j) != EMPTY) {
                filled++;
            }
        }
        long[] out = new long[filled];
        int k = 0;
        for (int j = 0; j < batchSize; j++) {
            long id = ids.get(base + j);
            if (id != EMPTY) {
                out[k++] = id;
            }
        }
        return out;
    }

    private void checkStep(int step) {
        if (step < 0 || step >= steps) {
            throw new IndexOutOfBoundsException("step " + step + " outside [0, " + steps + ")");
        }
    }

    /** Sample id at a flat index {@code step·B + slot}. */
    public long sampleAt(long flatIndex) {
        if (flatIndex < 0 || flatIndex >= slotCount()) {
            throw new IndexOutOfBoundsException("flat index " + flatIndex + " outside [0, " + slotCount() + ")");
        }
        return ids.get((int) flatIndex);
    }

    public int steps() {
        return steps;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Size of the id space: every id is in {@code [0, sampleCount)}. */
    public long sampleCount() {
        return sampleCount;
    }

    public long seed() {
        return seed;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code steps · batchSize}. */
    public long slotCount() {
        return (long) steps * batchSize;
    }

    /** Number of epochs the build used: {@code ⌈steps·B / N⌉}. */
    public int epochs() {
        return (int) ((slotCount() + sampleCount - 1) / sampleCount);
    }

    /** Flat index where epoch {@code e} of the build starts ({@code e·N}); epoch boundaries need not align with steps. */
    public long epochStart(int epoch) {
        if (epoch < 0 || epoch >= epochs()) {
            throw new IndexOutOfBoundsException("epoch " + epoch + " outside [0, " + epochs() + ")");
        }
        return epoch * sampleCount;
    }

    /** Epoch of the build that slot {@code (step, slot)} belongs to. */
    public int epochOf(int step, int slot) {
        checkStep(step);
        return (int) (((long) step * batchSize + slot) / sampleCount);
    }

    /**
     * The next {@code count} unused samples of the reserve: the last build epoch's ids past the horizon, in shuffle
     * order, skipping ids present anywhere in this order and ids in {@code exclude}. The reserve is replayed from the
     * seed, so two edits of the same base draw the same reserve samples in the same order.
     */
    public long[] reserve(int count, Set<Long> exclude) {
        if (count < 0) {
            throw new IllegalArgumentException("reserve count must be non-negative, got " + count);
        }
        if (sampleCount > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("cannot replay the reserve of " + sampleCount + " samples in memory");
        }
        int n = (int) sampleCount;
        int[] last = new int[n];
        if (kind == Kind.SHUFFLED) {
            SplitMix64 rng = SplitMix64.stream(seed, SplitMix64.Stream.DATA_ORDER);
            for (int e = 0; e < epochs(); e++) {
                shuffleIdentity(last, rng);
            }
        } else {
            for (int i = 0; i < n; i++) {
                last[i] = i;
            }
        }
        BitSet used = usedIds();
        long[] out = new long[count];
        int found = 0;
        int from = (int) (slotCount() - (long) (epochs() - 1) * n);
        for (int p = from; p < n && found < count; p++) {
            long id = last[p];
            if (!used.get(last[p]) && !exclude.contains(id)) {
                out[found++] = id;
            }
        }
        if (found < count) {
            throw new IllegalStateException("the data order's reserve holds only " + found + " unused samples, " + count
                    + " needed (the order fills " + slotCount() + " slots from " + sampleCount + " samples; "
                    + "build it over a larger pool to leave data beyond the horizon)");
        }
        return out;
    }

    /** Which ids occur in at least one slot. */
    BitSet usedIds() {
        BitSet used = new BitSet((int) Math.min(sampleCount, Integer.MAX_VALUE));
        for (int i = 0; i < ids.length(); i++) {
            long id = ids.get(i);
            if (id >= 0 && id <= Integer.MAX_VALUE) {
                used.set((int) id);
            }
        }
        return used;
    }

    /** Flat index of the first slot holding {@code sampleId}, or -1. */
    public long firstOccurrence(long sampleId) {
        for (int i = 0; i < ids.length(); i++) {
            if (ids.get(i) == sampleId) {
                return i;
            }
        }
        return -1;
    }

    /** A copy with the given flat slots ({@code step·B + slot}) set to new sample ids ({@link #EMPTY} allowed). */
    public DataOrder withSlots(Map<Long, Long> newIdsByFlatIndex) {
        return ManifestEdits.withSlots(this, newIdsByFlatIndex);
    }

    /** Removes every occurrence of the given samples; REPLACE and SHIFT draw from {@link #reserve}. */
    public DataOrder withRemoved(Set<Long> sampleIds, RemovalPolicy policy) {
        return ManifestEdits.withRemoved(this, sampleIds, policy, null);
    }

    /** As {@link #withRemoved(Set, RemovalPolicy)} with an explicit reserve (used in order, unused ids only). */
    public DataOrder withRemoved(Set<Long> sampleIds, RemovalPolicy policy, long[] reserve) {
        return ManifestEdits.withRemoved(this, sampleIds, policy, reserve);
    }

    /**
     * Overwrite slots for one extra copy of each sample (§6.2 DUP): for sample {@code i}, a slot chosen uniformly
     * among steps after its first occurrence up to {@code lastStep} (inclusive) whose sample is not in
     * {@code protectedIds} nor in {@code sampleIds}, not empty and not chosen before. Returns flat indices, parallel
     * to {@code sampleIds}; reuse them for the control group via {@link #withCopies}.
     */
    public long[] duplicateSlots(long[] sampleIds, Set<Long> protectedIds, int lastStep, SplitMix64 rng) {
        return ManifestEdits.duplicateSlots(this, sampleIds, protectedIds, lastStep, rng);
    }

    /** A copy where flat slot {@code slots[i]} holds {@code sampleIds[i]}. */
    public DataOrder withCopies(long[] slots, long[] sampleIds) {
        return ManifestEdits.withCopies(this, slots, sampleIds);
    }

    /**
     * First step whose batch differs from {@code other}'s, or -1 when the two tables are identical. Orders of
     * different lengths that agree on the common steps differ first at the shorter one's end.
     */
    public int firstDifferingStep(DataOrder other) {
        if (other.batchSize != batchSize) {
            throw new IllegalArgumentException("cannot compare data orders with batch sizes " + batchSize + " and "
                    + other.batchSize);
        }
        int i = ids.firstMismatch(other.ids);
        if (i >= 0) {
            return i / batchSize;
        }
        return steps == other.steps ? -1 : Math.min(steps, other.steps);
    }

    /** Writes the binary manifest atomically (format in {@link DataOrderFile}). */
    public void write(Path file) {
        DataOrderFile.write(this, file);
    }

    /** Reads a manifest written by {@link #write}, validating header, size, ids and checksum. */
    public static DataOrder read(Path file) {
        return DataOrderFile.read(file);
    }

    IdArray ids() {
        return ids;
    }

    DataOrder withIds(IdArray newIds) {
        return new DataOrder(kind, steps, batchSize, sampleCount, seed, newIds);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataOrder)) {
            return false;
        }
        DataOrder d = (DataOrder) o;
        return kind == d.kind && steps == d.steps && batchSize == d.batchSize && sampleCount == d.sampleCount
                && seed == d.seed && ids.equals(d.ids);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * steps + batchSize) + ids.hashCode();
    }

    @Override
    public String toString() {
        return "DataOrder[" + kind + ", steps=" + steps + ", batch=" + batchSize + ", samples=" + sampleCount
                + ", seed=" + seed + "]";
    }
}
