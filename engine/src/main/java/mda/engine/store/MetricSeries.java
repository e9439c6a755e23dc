package mda.engine.store;

/** One metric of one head over training: parallel arrays by increasing step (NaN where no CI was stored). */
public record MetricSeries(long[] steps, double[] values, double[] ciLo, double[] ciHi) {
    public int size() {
        return steps.length;
    }
}
