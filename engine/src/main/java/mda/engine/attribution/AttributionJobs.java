package mda.engine.attribution;

import java.util.Map;
import mda.engine.device.Devices;
import mda.engine.jobs.JobFactory;
import mda.engine.jobs.JobParams;
import mda.engine.jobs.JobProvider;

/** Registers the attribution job kind for worker processes (on the automatically chosen device). */
public final class AttributionJobs implements JobProvider {
    @Override
    public Map<String, JobFactory> jobs() {
        return Map.of("attribute", json -> new AttributionJob(JobParams.fromJson(json, AttributionJob.Params.class),
                Devices.choose(Devices.Preference.AUTO)));
    }
}
