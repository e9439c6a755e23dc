package mda.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs running {@link TestJobs}: results, failure, cancel, crash and re-attaching. */
@Timeout(60)
class WorkerProcessTest {
    /** Start-up options that make a short-lived child JVM start faster. */
    private static final List<String> FAST_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m");

    @TempDir
    Path tmp;
    Path dir;
    final Recorder rec = new Recorder();

    /** Collects events from the reader thread; {@code reached} opens once progress passes a unit count. */
    static final class Recorder implements ProgressListener {
        final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        final List<String> logs = new CopyOnWriteArrayList<>();
        final CountDownLatch reached = new CountDownLatch(1);
        volatile long threshold = 5;

        @Override
        public void onProgress(ProgressEvent e) {
            events.add(e);
            if (e.done() >= threshold) {
                reached.countDown();
            }
        }

        @Override
        public void onLog(long jobId, String line) {
            logs.add(line);
        }

        void awaitProgress() throws InterruptedException {
            assertTrue(reached.await(30, TimeUnit.SECONDS), "no progress to " + threshold + "; logs: " + logs);
        }
    }

    @BeforeAll
    static void registerTestJobs() {
        System.setProperty(JobRegistry.PROVIDERS_PROPERTY, TestJobs.class.getName()); // forwarded to the child
    }

    @AfterAll
    static void unregister() {
        System.clearProperty(JobRegistry.PROVIDERS_PROPERTY);
    }

    @BeforeEach
    void setUp() {
        dir = tmp.resolve("p");
        Project.create(dir).close();
    }

    private WorkerProcess start(String kind, String params, ProgressListener l) throws Exception {
        return WorkerProcess.start(dir, kind, params, l, FAST_JVM);
    }

    @Test
    void progressArrivesInOrderAndTheResultIsDone() throws Exception {
        WorkerProcess w = start("test-count", "{\"n\":20,\"sleepMillis\":2,\"noise\":true}", rec);
        WorkerOutcome out = w.waitFor();
        assertEquals(new WorkerOutcome(JobState.DONE, 0, null, w.jobId()), out, "logs: " + rec.logs);
        List<ProgressEvent> ev = rec.events;
        assertEquals(21, ev.size()); // 20 units and the final DONE event
        for (int i = 0; i < 20; i++) {
            assertEquals(i + 1, ev.get(i).done());
            assertEquals(JobState.RUNNING, ev.get(i).state());
            assertEquals(w.jobId(), ev.get(i).jobId());
        }
        assertEquals(JobState.DONE, ev.get(20).state());
        // Stray System.out output arrives via stderr, never as a broken protocol line.
        assertTrue(rec.logs.contains("[stderr] stray output from test-count"), rec.logs.toString());
        assertFalse(rec.logs.contains("stray output from test-count"));
        assertTrue(rec.logs.contains("counted to 20"));
        // Lines on fd 1 that are not protocol (or are broken protocol) reach onLog as they are.
        assertTrue(rec.logs.containsAll(TestJobs.NOISE.lines().toList()), rec.logs.toString());
        try (Project p = Project.open(dir)) {
            JobRecord row = p.jobs().get(w.jobId()).orElseThrow();
            assertEquals(JobState.DONE, row.state());
            assertEquals(20, row.done());
            assertEquals(w.pid(), row.pid());
        }
    }

    @Test
    void failureArrivesWithItsMessage() throws Exception {
        WorkerOutcome out = start("test-fail", "{\"after\":3,\"message\":\"tokenizer mismatch\"}", rec).waitFor();
        assertEquals(JobState.FAILED, out.state());
        assertEquals(WorkerMain.EXIT_FAILED, out.exitCode());
        assertEquals("tokenizer mismatch", out.error());
        try (Project p = Project.open(dir)) {
            assertEquals("tokenizer mismatch", p.jobs().get(out.jobId()).orElseThrow().error());
        }
    }

    @Test
    void cancelMidRunStopsGracefully() throws Exception {
        WorkerProcess w = start("test-count", "{\"n\":5000,\"sleepMillis\":2}", rec);
        rec.awaitProgress();
        w.cancel(Duration.ofSeconds(20));
        WorkerOutcome out = w.waitFor();
        assertEquals(JobState.CANCELLED, out.state(), "logs: " + rec.logs);
        assertEquals(WorkerMain.EXIT_CANCELLED, out.exitCode());
        assertTrue(out.error().endsWith("cancelled: cancelled by the user"), out.error());
        try (Project p = Project.open(dir)) {
            JobRecord row = p.jobs().get(out.jobId()).orElseThrow();
            assertEquals(JobState.CANCELLED, row.state());
            assertTrue(row.done() >= 5 && row.done() < 5000, "stopped at " + row.done());
        }
    }

    @Test
    void crashLeavesAClearMessageAndAnIntactProject() throws Exception {
        long earlier;
        try (Project p = Project.open(dir)) {
            earlier = p.jobs().insert("earlier", "{}", JobState.DONE, null);
            p.settings().put("kept", "yes");
        }
        WorkerOutcome out = start("test-crash", "{\"after\":2,\"message\":\"unused\"}", rec).waitFor();
        assertEquals(JobState.INTERRUPTED, out.state());
        assertEquals(137, out.exitCode());
        assertEquals("the worker process exited with code 137 before finishing; the project is intact;"
                + " run the job again to resume", out.error());
        try (Project p = Project.open(dir)) {
            JobRecord row = p.jobs().get(out.jobId()).orElseThrow();
            assertEquals("test-crash", row.kind());
            assertEquals(JobState.INTERRUPTED, row.state());
            assertEquals(out.error(), row.error());
            assertEquals(JobState.DONE, p.jobs().get(earlier).orElseThrow().state());
            assertEquals("yes", p.settings().get("kept").orElseThrow());
            assertEquals("written", p.settings().get("test-crash.before").orElseThrow()); // the child's commit
        }
    }

    @Test
    void attachFromASecondHandleFollowsToCompletion() throws Exception {
        WorkerProcess w = start("test-count", "{\"n\":60,\"sleepMillis\":25}", ProgressListener.none());
        Recorder attached = new Recorder();
        attached.threshold = 60;
        try (Project second = Project.open(dir)) {
            while (w.jobId() == 0 && w.isAlive()) {
                Thread.sleep(10);
            }
            WorkerAttachment a = WorkerProcess.attach(second, w.jobId(), attached).orElseThrow();
            assertEquals(w.pid(), a.pid());
            WorkerOutcome out = a.waitFor();
            assertEquals(new WorkerOutcome(JobState.DONE, -1, null, w.jobId()), out);
            List<ProgressEvent> ev = attached.events;
            assertTrue(ev.size() >= 3, "events: " + ev); // some mid-run progress, then DONE
            for (int i = 1; i < ev.size(); i++) {
                assertTrue(ev.get(i).done() >= ev.get(i - 1).done(), "out of order: " + ev);
            }
            assertTrue(ev.stream().anyMatch(e -> e.state() == JobState.RUNNING && e.done() > 0 && e.done() < 60),
                    "no mid-run progress: " + ev);
            ProgressEvent last = ev.get(ev.size() - 1);
            assertEquals(JobState.DONE, last.state());
            assertEquals(60, last.done());
            assertTrue(WorkerProcess.attach(second, w.jobId(), attached).isEmpty(), "attached to a finished job");
        }
        assertEquals(JobState.DONE, w.waitFor().state());
    }

    @Test
    void attachedCancelGoesThroughTheProject() throws Exception {
        WorkerProcess w = start("test-count", "{\"n\":5000,\"sleepMillis\":2}", rec);
        rec.awaitProgress();
        try (Project second = Project.open(dir)) {
            WorkerAttachment a = WorkerProcess.attach(second, w.jobId(), null).orElseThrow();
            a.cancel(Duration.ofSeconds(20));
            WorkerOutcome out = a.waitFor();
            assertEquals(JobState.CANCELLED, out.state());
            assertTrue(out.error().endsWith("cancelled: cancelled by the user"), out.error());
        }
        WorkerOutcome child = w.waitFor();
        assertEquals(WorkerMain.EXIT_CANCELLED, child.exitCode());
    }

    @Test
    void sigtermCancelsGracefully() throws Exception {
        assumeFalse(System.getProperty("os.name").toLowerCase().contains("win"), "destroy() is a kill on Windows");
        WorkerProcess w = start("test-count", "{\"n\":5000,\"sleepMillis\":2}", rec);
        rec.awaitProgress();
        assertTrue(ProcessHandle.of(w.pid()).orElseThrow().destroy());
        WorkerOutcome out = w.waitFor();
        assertEquals(JobState.CANCELLED, out.state(), "logs: " + rec.logs);
        assertEquals(143, out.exitCode()); // 128 + SIGTERM: the JVM exits through its shutdown hook
        assertTrue(out.error().endsWith("cancelled: the worker process was asked to stop"), out.error());
        try (Project p = Project.open(dir)) {
            assertEquals(JobState.CANCELLED, p.jobs().get(out.jobId()).orElseThrow().state());
        }
    }

    @Test
    void attachToARowWhoseProcessIsGoneMarksItInterrupted() {
        try (Project p = Project.open(dir)) {
            long id = p.jobs().insert("test-count", "{}", JobState.RUNNING, null);
            assertTrue(WorkerProcess.attach(p, id, rec).isEmpty());
            JobRecord row = p.jobs().get(id).orElseThrow();
            assertEquals(JobState.INTERRUPTED, row.state());
            assertTrue(rec.events.isEmpty());
        }
    }
}
