package mda.engine.train;

import mda.engine.probe.CheckpointSchedule;

import java.util.Arrays;

/**
 * When a run measures and when it stores weights (spec §1.7). Metrics are taken at every step of
 * {@code C(S) = {0} ∪ {round(2^(k/4)) : k ≥ 0} ∪ {j·K : j ≥ 1}}, truncated at {@code S}; weights at the metric steps up
 * to {@code weightsDenseUntil} (the baseline's onset × 3 for retrains; -1 = at every metric step), then every
 * {@code K}, and always at {@code S}.
 *
 * @param linearEvery {@code K}; 0 means the default {@code max(1, ⌊S/50⌋)}
 * @param weightsDenseUntil last step with weights at every metric step, or -1 for all of them
 * @param keepOptimizerState whether stored weights come with the optimizer state, so the run can resume there
 */
public record CheckpointPolicy(int linearEvery, int weightsDenseUntil, boolean keepOptimizerState) {
    /** Compact constructor: validates. */
    public CheckpointPolicy {
        if (linearEvery < 0) {
            throw new IllegalArgumentException("checkpoints.linearEvery must be non-negative (0 = S/50), got "
                    + linearEvery);
        }
        if (weightsDenseUntil < -1) {
            throw new IllegalArgumentException("checkpoints.weightsDenseUntil must be -1 (all) or a step, got "
                    + weightsDenseUntil);
        }
    }

    /** Metrics and weights at every step of {@code C(S)}, with optimizer state for resume. */
    public static CheckpointPolicy dense() {
        return new CheckpointPolicy(0, -1, true);
    }

    /** {@code K} for horizon {@code S}. */
    public int linearInterval(int totalSteps) {
        return linearEvery > 0 ? linearEvery : Math.max(1, totalSteps / 50);
    }

    /** {@code C(S)}, sorted, without duplicates, {@code S} included. */
    public int[] metricSteps(int totalSteps) {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("totalSteps must be positive, got " + totalSteps);
        }
        return Arrays.stream(CheckpointSchedule.of(totalSteps, linearInterval(totalSteps)))
                .mapToInt(Math::toIntExact).toArray();
    }

    /** Whether weights are stored at {@code step} of a run with horizon {@code S}. */
    public boolean storesWeights(int step, int totalSteps) {
        if (step == totalSteps) {
            return true;
        }
        if (Arrays.binarySearch(metricSteps(totalSteps), step) < 0) {
            return false;
        }
        return weightsDenseUntil < 0 || step <= weightsDenseUntil || step % linearInterval(totalSteps) == 0;
    }
}
