package mda.engine.intervene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import mda.engine.jobs.JobParams;
import mda.engine.jobs.JobRegistry;
import mda.engine.jobs.ProgressListener;
import mda.engine.jobs.WorkerOutcome;
import mda.engine.jobs.WorkerProcess;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import mda.engine.train.DataOrder;
import mda.engine.train.RunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code intervene} kind is registered for workers and runs a plan in a child JVM. */
class InterventionJobsTest {
    @TempDir
    Path tmp;

    @Test
    void registryBuildsTheInterventionJobFromItsParameters() {
        JobRegistry r = JobRegistry.load();
        assertTrue(r.kinds().contains("intervene"), r.kinds().toString());
        InterventionJob.Params p = new InterventionJob.Params(1, 2, "syn-random", 10, 2, 3, "auto");
        assertEquals("intervene", r.create("intervene", JobParams.toJson(p)).kind());
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> r.create("intervene", JobParams.toJson(new InterventionJob.Params(1, 2, "remove-top", 10, 2,
                        1, "auto")).replace("remove-top", "remove-all")));
        assertTrue(bad.getMessage().contains("remove-all"), bad.getMessage());
    }

    @Test
    void aWorkerProcessRetrainsThePlanInTheProject() throws Exception {
        Path dir = tmp.resolve("p");
        long[] ids;
        try (Project p = Project.create(dir)) {
            ids = InterventionJobTest.setUp(p);
        }
        InterventionJob.Params params = new InterventionJob.Params(ids[0], ids[1], "remove-top", 25, 2, 1, "auto");
        WorkerOutcome out = WorkerProcess.start(dir, InterventionJobs.KIND, JobParams.toJson(params),
                ProgressListener.none(), List.of("-XX:TieredStopAtLevel=1", "-Xmx512m")).waitFor();
        assertTrue(out.succeeded(), "worker: " + out);
        try (Project p = Project.open(dir)) {
            RunRecord child = p.runs().byName("base:remove-top-k25:s1").orElseThrow();
            assertEquals(RunStatus.DONE, child.status());
            assertEquals(ids[0], child.parentRunId());
            // the worker wrote the same order the plan editor computes in this JVM
            RunRecord base = p.runs().get(ids[0]).orElseThrow();
            PlanEditor.Edit e = PlanEditor.apply(InterventionPlan.fromJson(child.planJson()),
                    DataOrder.read(new RunFiles(p, base.id()).order()), mda.engine.attribution.AttributionScores
                            .load(p.blob(p.attributions().get(ids[1]).orElseThrow().scoresPath())), 6);
            assertEquals(e.order(), DataOrder.read(new RunFiles(p, child.id()).order()));
            assertArrayEquals(p.metrics().series(base.id(), "induction", 1, 0).steps(),
                    p.metrics().series(child.id(), "induction", 1, 0).steps());
        }
    }
}
