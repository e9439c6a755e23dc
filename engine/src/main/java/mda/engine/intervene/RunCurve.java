package mda.engine.intervene;

/**
 * One run's formation curve as a comparison reads it: the metric at each checkpoint and, when stored, the
 * per-evaluation-sequence values behind each mean (for bootstrap CIs).
 *
 * @param run    run name
 * @param seed   the run's training seed (pairs an intervention with its baseline)
 * @param steps  checkpoint steps, strictly increasing
 * @param values metric mean at each checkpoint
 * @param perSeq [checkpoint][sequence] values, or null when the run has none stored
 */
public record RunCurve(String run, long seed, long[] steps, double[] values, double[][] perSeq) {
    public RunCurve {
        if (steps.length != values.length) {
            throw new IllegalArgumentException("curve of run " + run + ": " + steps.length + " steps but "
                    + values.length + " values");
        }
        if (perSeq != null && perSeq.length != steps.length) {
            throw new IllegalArgumentException("curve of run " + run + ": per-sequence values for " + perSeq.length
                    + " checkpoints but " + steps.length + " steps");
        }
    }

    public int size() {
        return steps.length;
    }
}
