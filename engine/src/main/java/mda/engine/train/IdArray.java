package mda.engine.train;

import java.util.Arrays;

/**
 * Flat storage of sample ids for a data order: {@code int[]} when every id fits in an int (4 bytes a slot), else
 * {@code long[]}. A million-step order is one primitive array, never an object per slot.
 */
final class IdArray {
    private final int[] ints;
    private final long[] longs;

    private IdArray(int[] ints, long[] longs) {
        this.ints = ints;
        this.longs = longs;
    }

    /** Zero-filled storage for {@code length} slots, compact when ids stay below {@code sampleCount}. */
    static IdArray allocate(long length, long sampleCount) {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a data order of " + length + " slots exceeds one Java array ("
                    + (Integer.MAX_VALUE - 8) + " slots)");
        }
        return sampleCount <= Integer.MAX_VALUE
                ? new IdArray(new int[(int) length], null)
                : new IdArray(null, new long[(int) length]);
    }

    static IdArray wrap(int[] ids) {
        return new IdArray(ids, null);
    }

    int length() {
        return ints != null ? ints.length : longs.length;
    }

    /** 4 for int storage, 8 for long storage. */
    int bytesPerSlot() {
        return ints != null ? Integer.BYTES : Long.BYTES;
    }

    long get(int i) {
        return ints != null ? ints[i] : longs[i];
    }

    void set(int i, long id) {
        if (ints != null) {
            ints[i] = (int) id;
        } else {
            longs[i] = id;
        }
    }

    IdArray copy() {
        return ints != null ? new IdArray(ints.clone(), null) : new IdArray(null, longs.clone());
    }

    /** Index of the first slot where the two differ, or -1 when equal over the shorter length. */
    int firstMismatch(IdArray other) {
        if (ints != null && other.ints != null) {
            int n = Math.min(ints.length, other.ints.length);
            return Arrays.mismatch(ints, 0, n, other.ints, 0, n);
        }
        int n = Math.min(length(), other.length());
        for (int i = 0; i < n; i++) {
            if (get(i) != other.get(i)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IdArray)) {
            return false;
        }
        IdArray other = (IdArray) o;
        return length() == other.length() && firstMismatch(other) < 0;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < length(); i++) {
            h = 31 * h + Long.hashCode(get(i));
        }
        return h;
    }
}
