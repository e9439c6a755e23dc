package mda.engine.jobs;

/**
 * Exponentially smoothed progress rate in units per second, and the ETA it implies.
 * The rate comes only from increments of {@code done} between observations, never from done / elapsed, so a
 * job resumed at {@code done = 5000} does not report a huge rate; {@code done} going backwards (a new phase or a
 * restart) resets the estimate. Observations closer than {@code minIntervalMillis} are merged so that very
 * frequent updates do not make the rate jitter. Smoothing is time-based: after {@code dt} seconds the new
 * measurement gets weight {@code 1 - exp(-dt / tauSeconds)}, independent of how often progress is reported.
 */
public final class RateEstimator {
    private final double tauSeconds;
    private final long minIntervalMillis;
    private long anchorDone = -1;
    private long anchorTime;
    private double rate = Double.NaN;

    /** Smoothing time constant 10 s, merging observations less than 0.5 s apart. */
    public RateEstimator() {
        this(10.0, 500);
    }

    public RateEstimator(double tauSeconds, long minIntervalMillis) {
        if (!(tauSeconds > 0) || minIntervalMillis < 1) {
            throw new IllegalArgumentException("rate smoothing needs tau > 0 s and an interval ≥ 1 ms, got "
                    + tauSeconds + " s and " + minIntervalMillis + " ms");
        }
        this.tauSeconds = tauSeconds;
        this.minIntervalMillis = minIntervalMillis;
    }

    /** Feeds one observation and returns the current rate (NaN until two observations are far enough apart). */
    public double update(long done, long timeMillis) {
        if (anchorDone < 0 || done < anchorDone || timeMillis < anchorTime) {
            reset();
            anchorDone = done;
            anchorTime = timeMillis;
            return rate;
        }
        long dtMillis = timeMillis - anchorTime;
        if (dtMillis < minIntervalMillis) {
            return rate;
        }
        double dt = dtMillis / 1000.0;
        double measured = (done - anchorDone) / dt;
        rate = Double.isNaN(rate) ? measured : rate + (1 - Math.exp(-dt / tauSeconds)) * (measured - rate);
        anchorDone = done;
        anchorTime = timeMillis;
        return rate;
    }

    /** Forgets everything (a new phase). */
    public void reset() {
        anchorDone = -1;
        rate = Double.NaN;
    }

    /** Units per second, NaN while unknown. */
    public double rate() {
        return rate;
    }

    /** Seconds left at the current rate: (total − done) / rate; NaN when total or rate is unknown or zero. */
    public double etaSeconds(long done, long total) {
        if (total <= 0 || !(rate > 0)) {
            return Double.NaN;
        }
        return Math.max(0, total - done) / rate;
    }
}
