package mda.engine.train;

import java.util.Map;
import mda.engine.jobs.JobFactory;
import mda.engine.jobs.JobParams;
import mda.engine.jobs.JobProvider;

/** Registers the training job kind for worker processes. */
public final class TrainJobs implements JobProvider {
    @Override
    public Map<String, JobFactory> jobs() {
        return Map.of("train", json -> new TrainJob(JobParams.fromJson(json, TrainJob.Params.class).runId()));
    }
}
