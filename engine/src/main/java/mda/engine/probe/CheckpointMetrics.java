package mda.engine.probe;

import java.util.Map;

/**
 * Every metric of one checkpoint.
 *
 * @param step      training step
 * @param heads     kind → [layer][head] mean value
 * @param perSeq    kind → [layer][head][sequence] values behind the means, for bootstrap CIs of the onset
 * @param run       run-level kind → value (ICL gain, held-out loss)
 * @param iclPerSeq per-sequence ICL gain on held-out text
 * @param lossCurve mean held-out loss at each context position
 */
public record CheckpointMetrics(long step, Map<String, double[][]> heads, Map<String, double[][][]> perSeq,
                                Map<String, Double> run, double[] iclPerSeq, double[] lossCurve) {

    public double head(String kind, int layer, int head) {
        double[][] table = heads.get(kind);
        if (table == null) {
            throw new IllegalArgumentException("no metric '" + kind + "' at step " + step);
        }
        return table[layer][head];
    }
}
