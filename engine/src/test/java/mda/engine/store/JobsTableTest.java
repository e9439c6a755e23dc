package mda.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsTableTest {
    @TempDir
    Path tmp;

    @Test
    void jobOfADeadProcessIsStaleAndCanBeMarkedInterrupted() throws Exception {
        Process finished = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        finished.waitFor();
        long deadPid = finished.pid();
        try (Project p = Project.create(tmp.resolve("p"))) {
            long mine = p.jobs().insert("train", "{\"steps\":10}", JobState.RUNNING, ProcessHandle.current().pid());
            long orphan = p.jobs().insert("train", "{\"steps\":10}", JobState.RUNNING, deadPid);
            long done = p.jobs().insert("score", "{}", JobState.RUNNING, deadPid);
            p.jobs().setState(done, JobState.DONE, null);
            assertEquals(List.of(orphan), p.jobs().stale().stream().map(JobRecord::id).toList());
            assertEquals(List.of(orphan), p.jobs().markStaleInterrupted().stream().map(JobRecord::id).toList());
            JobRecord o = p.jobs().get(orphan).orElseThrow();
            assertEquals(JobState.INTERRUPTED, o.state());
            assertTrue(o.error().contains("pid " + deadPid), o.error());
            assertEquals(JobState.RUNNING, p.jobs().get(mine).orElseThrow().state());
            assertTrue(p.jobs().stale().isEmpty());
            assertEquals(orphan, p.jobs().lastInterrupted("train", "{\"steps\":10}").orElseThrow().id());
            assertTrue(p.jobs().lastInterrupted("train", "{\"steps\":11}").isEmpty());
        }
    }

    @Test
    void progressIsStored() {
        try (Project p = Project.create(tmp.resolve("p"))) {
            long id = p.jobs().insert("fit", null, JobState.QUEUED, null);
            p.jobs().updateProgress(id, "covariance", 40, 100, "batch 40");
            JobRecord j = p.jobs().get(id).orElseThrow();
            assertEquals("{}", j.paramsJson());
            assertEquals("covariance", j.phase());
            assertEquals(40, j.done());
            assertEquals(100, j.total());
            assertEquals("batch 40", j.message());
            assertEquals(null, j.pid());
            assertTrue(p.jobs().stale().isEmpty(), "a queued job is not stale");
        }
    }
}
