package mda.engine.store;

/**
 * An attribution of one head at one checkpoint: probe, mode (qk / qkvo), damping, the stage reached
 * ({@code status}, e.g. created / factors / scored / failed) and its blobs (relative to blobs/, null until written).
 */
public record AttributionRecord(long id, long runId, long step, int layer, int head, String probe, String mode,
                                double damping, String status, String factorsPath, String scoresPath, long created) {
    public AttributionRecord {
        if (layer < 0 || head < 0) {
            throw new IllegalArgumentException("attribution head must be layer ≥ 0 and head ≥ 0, got L" + layer
                    + "H" + head);
        }
        if (!(damping >= 0)) {
            throw new IllegalArgumentException("attribution damping must be ≥ 0, got " + damping);
        }
    }

    public static AttributionRecord draft(long runId, long step, int layer, int head, String probe, String mode,
                                          double damping) {
        return new AttributionRecord(0, runId, step, layer, head, probe, mode, damping, "created", null, null, 0);
    }
}
