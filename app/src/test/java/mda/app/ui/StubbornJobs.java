package mda.app.ui;

import java.util.Map;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobContext;
import mda.engine.jobs.JobFactory;
import mda.engine.jobs.JobProvider;

/**
 * A worker job kind for the kill-fallback test: it reports progress and never checks cancellation (like native
 * code stuck in one long call), so only a kill stops it; it gives up by itself after a minute.
 */
public final class StubbornJobs implements JobProvider {
    static final String KIND = "gui-test-stubborn";

    @Override
    public Map<String, JobFactory> jobs() {
        return Map.of(KIND, json -> new Job<Void>() {
            @Override
            public String kind() {
                return KIND;
            }

            @Override
            public Void run(JobContext ctx) throws Exception {
                long end = System.currentTimeMillis() + 60_000;
                for (long i = 0; System.currentTimeMillis() < end; i++) {
                    ctx.progress("spin", i, 0, "ignoring cancellation");
                    Thread.sleep(50);
                }
                return null;
            }
        });
    }
}
