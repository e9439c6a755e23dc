package mda.engine.jobs;

import java.util.Map;

/**
 * Contributes job kinds to the {@link JobRegistry}. A module lists its implementation in
 * {@code META-INF/services/mda.engine.jobs.JobProvider}; implementations need a public no-argument constructor.
 */
public interface JobProvider {
    /** Job kind (as returned by {@link Job#kind()}) to the factory that builds it. */
    Map<String, JobFactory> jobs();
}
