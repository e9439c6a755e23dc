package mda.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the workbench need not stop its jobs (design §3): a launcher JVM starts a worker and halts; the worker
 * outlives it with its stdin at end of input and its stdout a broken pipe, and this JVM, a later workbench, re-attaches
 * to the job through the project alone and follows it to the end.
 */
@Timeout(90)
class LauncherExitTest {
    @TempDir
    Path tmp;

    @Test
    void aWorkerOutlivesItsLauncherAndALaterProcessReattaches() throws Exception {
        Path dir = tmp.resolve("p");
        Project.create(dir).close();
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-D" + JobRegistry.PROVIDERS_PROPERTY + "=" + TestJobs.class.getName(),
                "-cp", System.getProperty("java.class.path"), LauncherMain.class.getName(),
                dir.toString(), "test-count", "{\"n\":80,\"sleepMillis\":40}"));
        Process launcher = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = r.readLine();
        }
        assertTrue(launcher.waitFor(30, TimeUnit.SECONDS), "the launcher halted");
        assertEquals(0, launcher.exitValue(), "launcher said: " + line);
        String[] f = line.split(" ");
        assertEquals("job", f[0], line);
        long jobId = Long.parseLong(f[1]);
        long pid = Long.parseLong(f[3]);

        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        try (Project later = Project.open(dir)) {
            WorkerAttachment a = WorkerProcess.attach(later, jobId, new ProgressListener() {
                @Override
                public void onProgress(ProgressEvent e) {
                    events.add(e);
                }
            }).orElseThrow(() -> new AssertionError("the worker died with its launcher"));
            assertEquals(pid, a.pid());
            WorkerOutcome out = a.waitFor();
            assertEquals(JobState.DONE, out.state(), out.toString());
            assertEquals(JobState.DONE, later.jobs().get(jobId).orElseThrow().state());
        }
        assertTrue(events.stream().anyMatch(e -> e.state() == JobState.RUNNING && e.done() > 0 && e.done() < 80),
                "mid-run progress after the launcher left: " + events);
        assertEquals(80, events.get(events.size() - 1).done(), events.toString());
    }
}
