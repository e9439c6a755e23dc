package mda.engine.store;

/**
 * A training run: model config and training config as JSON, seed, the corpus it reads, and for an
 * intervention the parent run and plan. Device, library versions and threads are recorded when it starts.
 * {@code id}, {@code created} and {@code updated} are 0 in a record not yet inserted.
 */
public record RunRecord(long id, String name, Long corpusId, String configJson, String trainJson, long seed,
                        RunStatus status, Long parentRunId, String planJson, String device, String versions,
                        int threads, long created, long updated, String error) {
    public RunRecord {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("run name must not be empty");
        }
        if (configJson == null || configJson.isBlank()) {
            throw new IllegalArgumentException("run '" + name + "' needs a model config (configJson is empty)");
        }
        if (status == null) {
            status = RunStatus.CREATED;
        }
    }

    /** A record to insert for a fresh run on a corpus. */
    public static RunRecord draft(String name, Long corpusId, String configJson, String trainJson, long seed) {
        return new RunRecord(0, name, corpusId, configJson, trainJson, seed, RunStatus.CREATED, null, null, null,
                null, 0, 0, 0, null);
    }

    /** The same draft as an intervention retrain of {@code parentRunId} under {@code planJson}. */
    public RunRecord withParent(long parentRunId, String planJson) {
        return new RunRecord(id, name, corpusId, configJson, trainJson, seed, status, parentRunId, planJson, device,
                versions, threads, created, updated, error);
    }
}
