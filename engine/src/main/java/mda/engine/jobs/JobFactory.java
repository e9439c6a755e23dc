package mda.engine.jobs;

/** Builds a job of one kind from its parameters as JSON (typically via {@link JobParams#fromJson}). */
@FunctionalInterface
public interface JobFactory {
    /**
     * @throws IllegalArgumentException when the parameters are invalid, naming the problem
     */
    Job<?> create(String paramsJson);
}
