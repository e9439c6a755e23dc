package mda.engine.train;

/**
 * Learning rate over a fixed horizon {@code S} (spec §1.5): linear warmup for {@code w} steps,
 * {@code lr(s) = lr_max·(s+1)/w} for {@code s < w}, then cosine decay
 * {@code lr(s) = lr_min + ½(lr_max − lr_min)(1 + cos(π·(s−w)/(S−w)))} reaching {@code lr_min = ratio·lr_max} at
 * {@code s = S}. Interventions keep the same {@code S} and schedule; never rescale it to a changed sample count.
 */
public final class LrSchedule {
    /** Pythia's {@code lr_min / lr_max}. */
    public static final double DEFAULT_MIN_RATIO = 0.1;

    private final double lrMax;
    private final double lrMin;
    private final int totalSteps;
    private final int warmupSteps;

    /**
     * @param lrMax peak learning rate, positive
     * @param totalSteps horizon {@code S}, positive
     * @param warmupSteps {@code w} in {@code [0, S]}
     * @param minRatio {@code lr_min / lr_max} in {@code [0, 1]}
     */
    public LrSchedule(double lrMax, int totalSteps, int warmupSteps, double minRatio) {
        if (!(lrMax > 0) || Double.isInfinite(lrMax)) {
            throw new IllegalArgumentException("lrMax must be a positive finite number, got " + lrMax);
        }
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("totalSteps must be positive, got " + totalSteps);
        }
        if (warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warmupSteps must be in [0, totalSteps=" + totalSteps + "], got "
                    + warmupSteps);
        }
        if (!(minRatio >= 0 && minRatio <= 1)) {
            throw new IllegalArgumentException("minRatio must be in [0, 1], got " + minRatio);
        }
        this.lrMax = lrMax;
        this.lrMin = minRatio * lrMax;
        this.totalSteps = totalSteps;
        this.warmupSteps = warmupSteps;
    }

    /** Pythia's defaults: {@code w = ⌈0.01·S⌉}, {@code lr_min = 0.1·lr_max}. */
    public static LrSchedule pythia(double lrMax, int totalSteps) {
        return new LrSchedule(lrMax, totalSteps, defaultWarmup(totalSteps), DEFAULT_MIN_RATIO);
    }

    /** {@code ⌈0.01·S⌉}, computed in integers so that no floating-point rounding can move it. */
    public static int defaultWarmup(int totalSteps) {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("totalSteps must be positive, got " + totalSteps);
        }
        return (int) ((totalSteps + 99L) / 100);
    }

    /** Learning rate of update {@code step} (0-based); steps at or past {@code S} get {@code lr_min}. */
    public double lr(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be non-negative, got " + step);
        }
        if (step < warmupSteps) {
            return lrMax * (step + 1) / warmupSteps;
        }
        if (step >= totalSteps) {
            return lrMin;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return lrMin + 0.5 * (lrMax - lrMin) * (1 + Math.cos(Math.PI * progress));
    }

    public double lrMax() {
        return lrMax;
    }

    public double lrMin() {
        return lrMin;
    }

    public int totalSteps() {
        return totalSteps;
    }

    public int warmupSteps() {
        return warmupSteps;
    }
}
