package mda.engine.store;

/** A job row: kind, parameters as JSON, state, last progress, the error of a failed job and the worker's pid. */
public record JobRecord(long id, String kind, String paramsJson, JobState state, String phase, long done, long total,
                        String message, String error, Long pid, long created, long updated) {
}
