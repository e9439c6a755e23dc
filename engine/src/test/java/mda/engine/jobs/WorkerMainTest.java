package mda.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WorkerMain} run in this JVM with captured streams: the protocol it prints and the exit codes. */
class WorkerMainTest {
    @TempDir
    Path tmp;
    Path dir;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void registerTestJobs() {
        System.setProperty(JobRegistry.PROVIDERS_PROPERTY, TestJobs.class.getName());
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

    /** Runs the worker with {@code stdin} and returns [exit code, protocol lines...]. */
    private Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WorkerMain w = new WorkerMain(new PrintStream(out, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = w.run(args);
        List<JsonObject> lines = out.toString(StandardCharsets.UTF_8).lines()
                .map(l -> WorkerProtocol.parse(l).orElseThrow(() -> new AssertionError("not protocol: " + l)))
                .toList();
        return new Run(code, lines);
    }

    record Run(int code, List<JsonObject> lines) {
        List<String> types() {
            return lines.stream().map(WorkerProtocol::type).toList();
        }

        JsonObject last() {
            return lines.get(lines.size() - 1);
        }
    }

    @Test
    void doneJobPrintsStartedProgressLogAndResult() {
        Run r = run("{\"n\":3,\"sleepMillis\":0}\n", "--project", dir.toString(), "--kind", "test-count");
        assertEquals(WorkerMain.EXIT_DONE, r.code());
        assertEquals(List.of("started", "progress", "progress", "progress", "log", "progress", "result"), r.types());
        long id = WorkerProtocol.longOr(r.lines().get(0), "jobId", -1);
        assertEquals(ProcessHandle.current().pid(), WorkerProtocol.longOr(r.lines().get(0), "pid", -1));
        for (int i = 1; i <= 3; i++) {
            ProgressEvent e = ProgressEvent.fromJson(r.lines().get(i).toString());
            assertEquals(id, e.jobId());
            assertEquals(i, e.done());
            assertEquals(3, e.total());
        }
        assertEquals("counted to 3", WorkerProtocol.stringOr(r.lines().get(4), "line", null));
        assertEquals(JobState.DONE, ProgressEvent.fromJson(r.lines().get(5).toString()).state());
        assertEquals("DONE", r.last().get("state").getAsString());
        assertTrue(r.last().get("error").isJsonNull());
        try (Project p = Project.open(dir)) {
            JobRecord row = p.jobs().get(id).orElseThrow();
            assertEquals(JobState.DONE, row.state());
            assertEquals(3, row.done());
            assertEquals("{\"n\":3,\"sleepMillis\":0}", row.paramsJson());
            assertEquals("3", p.settings().get("test-count.result").orElseThrow());
        }
    }

    @Test
    void paramsFileAndFailure() throws Exception {
        Path f = Files.writeString(tmp.resolve("params.json"), "{\"after\":2,\"message\":\"disk full\"}");
        Run r = run("", "--project", dir.toString(), "--kind", "test-fail", "--params-file", f.toString());
        assertEquals(WorkerMain.EXIT_FAILED, r.code());
        assertEquals("FAILED", r.last().get("state").getAsString());
        assertEquals("disk full", r.last().get("error").getAsString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("IllegalStateException: disk full"));
        try (Project p = Project.open(dir)) {
            JobRecord row = p.jobs().get(WorkerProtocol.longOr(r.last(), "jobId", -1)).orElseThrow();
            assertEquals(JobState.FAILED, row.state());
            assertEquals("disk full", row.error());
        }
    }

    @Test
    void cancelLineOnStdinCancels() {
        Run r = run("{\"n\":2000,\"sleepMillis\":1}\n{\"type\":\"cancel\",\"reason\":\"user pressed stop\"}\n",
                "--project", dir.toString(), "--kind", "test-count");
        assertEquals(WorkerMain.EXIT_CANCELLED, r.code());
        assertEquals("CANCELLED", r.last().get("state").getAsString());
        assertTrue(r.last().get("error").getAsString().endsWith("cancelled: user pressed stop"),
                r.last().get("error").getAsString());
        try (Project p = Project.open(dir)) {
            JobRecord row = p.jobs().get(WorkerProtocol.longOr(r.last(), "jobId", -1)).orElseThrow();
            assertEquals(JobState.CANCELLED, row.state());
            assertTrue(row.done() < 2000, "cancelled at " + row.done());
        }
    }

    @Test
    void badArgumentsBecomeAFailedResult() {
        Run missing = run("{}\n", "--project", dir.toString());
        assertEquals(WorkerMain.EXIT_FAILED, missing.code());
        assertEquals("--project and --kind are required; " + WorkerMain.USAGE,
                missing.last().get("error").getAsString());
        Run unknown = run("{}\n", "--project", dir.toString(), "--kind", "nope");
        // the engine's own kinds (attribute, train, ...) are listed too, all in sorted order
        String error = unknown.last().get("error").getAsString();
        assertTrue(error.startsWith("unknown job kind 'nope'; known kinds: ")
                && error.contains("test-count, test-crash, test-fail"), error);
        Run noParams = run("", "--project", dir.toString(), "--kind", "test-count");
        assertTrue(noParams.last().get("error").getAsString().startsWith("no job parameters: stdin closed"));
        Run noProject = run("{\"n\":1,\"sleepMillis\":0}\n", "--project", tmp.resolve("none").toString(),
                "--kind", "test-count");
        assertEquals(List.of("result"), noProject.types());
        assertTrue(noProject.last().get("error").getAsString().endsWith("does not exist"));
        assertNull(WorkerProtocol.stringOr(noProject.last(), "missing", null));
        assertEquals(0, WorkerProtocol.longOr(noProject.last(), "jobId", -1));
    }
}
