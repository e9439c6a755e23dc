package mda.engine.store;

/**
 * One measured value at a checkpoint: per head ({@code layer, head} ≥ 0) or run-level such as loss
 * ({@code layer = head = -1}). A confidence interval is optional; NaN bounds mean "none".
 */
public record MetricValue(int layer, int head, String kind, double value, double ciLo, double ciHi) {
    public MetricValue {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("metric kind must not be empty");
        }
        if ((layer < 0) != (head < 0) || layer < -1 || head < -1) {
            throw new IllegalArgumentException("metric " + kind + ": layer " + layer + " and head " + head
                    + " must both be ≥ 0 (a head) or both -1 (run-level)");
        }
    }

    public static MetricValue head(int layer, int head, String kind, double value) {
        return new MetricValue(layer, head, kind, value, Double.NaN, Double.NaN);
    }

    public static MetricValue runLevel(String kind, double value) {
        return new MetricValue(-1, -1, kind, value, Double.NaN, Double.NaN);
    }
}
