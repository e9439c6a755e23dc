package mda.engine.intervene;

import java.util.Map;
import mda.engine.jobs.JobFactory;
import mda.engine.jobs.JobParams;
import mda.engine.jobs.JobProvider;

/**
 * Registers the {@code intervene} job kind for worker processes, so the GUI and CLI can retrain an intervention in a
 * child JVM; parameters are {@link InterventionJob.Params} as JSON.
 */
public final class InterventionJobs implements JobProvider {
    /** The job kind, as {@link InterventionJob#kind()} returns it. */
    public static final String KIND = "intervene";

    @Override
    public Map<String, JobFactory> jobs() {
        return Map.of(KIND, json -> new InterventionJob(JobParams.fromJson(json, InterventionJob.Params.class)));
    }
}
