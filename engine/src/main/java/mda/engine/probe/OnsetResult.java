package mda.engine.probe;

/**
 * Onset of one curve at one threshold (spec §2.6.2).
 *
 * @param step          the interpolated onset step s*; when right-censored, the last checkpoint (a lower bound)
 * @param rightCensored true when the running maximum never reached the threshold
 * @param lastStep      the curve's last checkpoint s_K
 */
public record OnsetResult(double step, boolean rightCensored, long lastStep) {
    @Override
    public String toString() {
        return rightCensored ? "right-censored at " + lastStep : String.format(java.util.Locale.ROOT, "%.1f", step);
    }
}
