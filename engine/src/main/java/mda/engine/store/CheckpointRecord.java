package mda.engine.store;

/** A saved training step; {@code path} (relative to blobs/) is null when only metrics, not weights, were kept. */
public record CheckpointRecord(long runId, long step, long tokensSeen, String path, long created) {
    public boolean hasWeights() {
        return path != null;
    }
}
