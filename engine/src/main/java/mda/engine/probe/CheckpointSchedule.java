package mda.engine.probe;

import java.util.TreeSet;

/**
 * Steps at which head metrics are measured (spec §1.7). Heads form early, so the schedule is dense in log-step early
 * (about 4 points per octave) and linear late.
 */
public final class CheckpointSchedule {
    private CheckpointSchedule() {
    }

    /**
     * {0} ∪ {round(2^(k/4)) : k ≥ 0} ∪ {j·K : j ≥ 1} ∪ {S}, truncated at S, sorted and deduplicated, with
     * K = max(1, ⌊S/50⌋).
     *
     * @param totalSteps S ≥ 1, the number of optimizer steps of the run
     */
    public static long[] of(int totalSteps) {
        return of(totalSteps, Math.max(1, totalSteps / 50));
    }

    /** The same schedule with an explicit linear stride K ≥ 1. */
    public static long[] of(int totalSteps, int linearStride) {
        if (linearStride < 1) {
            throw new IllegalArgumentException("linear checkpoint stride must be ≥ 1, got " + linearStride);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be ≥ 1, got " + totalSteps);
        }
        TreeSet<Long> steps = new TreeSet<>();
        steps.add(0L);
        for (int k = 0;; k++) {
            long s = Math.round(Math.pow(2.0, k / 4.0));
            if (s > totalSteps) {
                break;
            }
            steps.add(s);
        }
        long stride = linearStride;
        for (long s = stride; s <= totalSteps; s += stride) {
            steps.add(s);
        }
        steps.add((long) totalSteps);
        return toArray(steps);
    }

    /** Pythia's published schedule: {0, 1, 2, 4, …, 512} ∪ {1000, 2000, …, 143000} (154 checkpoints). */
    public static long[] pythia() {
        TreeSet<Long> steps = new TreeSet<>();
        steps.add(0L);
        for (long s = 1; s <= 512; s *= 2) {
            steps.add(s);
        }
        for (long s = 1000; s <= 143_000; s += 1000) {
            steps.add(s);
        }
        return toArray(steps);
    }

    private static long[] toArray(TreeSet<Long> set) {
        long[] out = new long[set.size()];
        int i = 0;
        for (long s : set) {
            out[i++] = s;
        }
        return out;
    }
}
