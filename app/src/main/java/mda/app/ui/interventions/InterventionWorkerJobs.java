package mda.app.ui.interventions;

import java.util.Map;
import mda.engine.intervene.InterventionJob;
import mda.engine.jobs.JobFactory;
import mda.engine.jobs.JobParams;
import mda.engine.jobs.JobProvider;

/**
 * The {@code intervene} job kind for worker processes. The engine registers no worker kind for interventions (its
 * CLI runs them in-process), so the Interventions screen names this provider in
 * {@link mda.engine.jobs.JobRegistry#PROVIDERS_PROPERTY} for the worker JVMs it starts. Loads no JavaFX.
 */
public final class InterventionWorkerJobs implements JobProvider {
    /** The job kind. */
    public static final String KIND = "intervene";

    @Override
    public Map<String, JobFactory> jobs() {
        return Map.of(KIND, json -> new InterventionJob(JobParams.fromJson(json, InterventionJob.Params.class)));
    }
}
