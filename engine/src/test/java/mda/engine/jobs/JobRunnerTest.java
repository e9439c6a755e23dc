package mda.engine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTest {
    @TempDir
    Path tmp;
    Project p;
    final AtomicLong clock = new AtomicLong(1_000_000);
    final List<ProgressEvent> events = new ArrayList<>();
    final List<String> logs = new ArrayList<>();
    final ProgressListener listener = new ProgressListener() {
        @Override
        public void onProgress(ProgressEvent e) {
            events.add(e);
        }

        @Override
        public void onLog(long jobId, String line) {
            logs.add(jobId + ":" + line);
        }
    };

    @BeforeEach
    void setUp() {
        p = Project.create(tmp.resolve("p"));
    }

    @AfterEach
    void tearDown() {
        p.close();
    }

    /** Counts to {@code n}, one unit per simulated second, cancelling itself after {@code cancelAt} units. */
    private Job<Long> counter(int n, int cancelAt, CancellationToken token) {
        return new Job<>() {
            @Override
            public String kind() {
                return "count";
            }

            @Override
            public Long run(JobContext ctx) {
                long sum = 0;
                for (int i = 1; i <= n; i++) {
                    ctx.checkCancelled();
                    sum += i;
                    clock.addAndGet(1000);
                    ctx.progress("count", i, n, "at " + i);
                    if (i == cancelAt) {
                        token.cancel("stop requested");
                    }
                }
                ctx.log("sum " + sum);
                return sum;
            }
        };
    }

    private JobRunner runner() {
        return new JobRunner(clock::get, 1000);
    }

    @Test
    void finishedJobReturnsItsResultAndIsRecordedDone() throws Exception {
        CancellationToken token = new CancellationToken();
        long sum = runner().run(p, counter(10, -1, token), "{\"n\":10}", listener, token);
        assertEquals(55, sum);
        JobRecord row = p.jobs().list().get(0);
        assertEquals(JobState.DONE, row.state());
        assertEquals("count", row.kind());
        assertEquals("{\"n\":10}", row.paramsJson());
        assertEquals(10, row.done());
        assertEquals(10, row.total());
        assertEquals(ProcessHandle.current().pid(), row.pid());
        assertEquals(List.of(row.id() + ":sum 55"), logs);
        assertEquals(11, events.size(), "ten progress events and the final one");
        ProgressEvent fifth = events.get(4);
        assertEquals(1.0, fifth.ratePerSec(), 1e-12, "one unit per simulated second");
        assertEquals(5.0, fifth.etaSeconds(), 1e-12);
        ProgressEvent last = events.get(10);
        assertEquals(JobState.DONE, last.state());
        assertEquals(10, last.done());
        assertEquals(row.id(), last.jobId());
    }

    @Test
    void failedJobRecordsTheErrorAndRethrows() {
        IOException boom = new IOException("cannot read tokens.bin: truncated at byte 4096");
        Job<Void> job = new Job<>() {
            @Override
            public String kind() {
                return "import";
            }

            @Override
            public Void run(JobContext ctx) throws IOException {
                ctx.progress("read", 3, 8, null);
                throw boom;
            }
        };
        IOException thrown = assertThrows(IOException.class, () -> runner().run(p, job, null, listener, null));
        assertSame(boom, thrown);
        JobRecord row = p.jobs().list().get(0);
        assertEquals(JobState.FAILED, row.state());
        assertEquals("cannot read tokens.bin: truncated at byte 4096", row.error());
        assertEquals("read", row.phase());
        assertEquals(3, row.done());
        assertEquals(JobState.FAILED, events.get(events.size() - 1).state());
        assertEquals(boom.getMessage(), events.get(events.size() - 1).message());
    }

    @Test
    void tokenCancelsTheJobMidWay() {
        CancellationToken token = new CancellationToken();
        JobCancelledException e = assertThrows(JobCancelledException.class,
                () -> runner().run(p, counter(10, 4, token), "{}", listener, token));
        assertTrue(e.getMessage().endsWith("cancelled: stop requested"), e.getMessage());
        JobRecord row = p.jobs().list().get(0);
        assertEquals(JobState.CANCELLED, row.state());
        assertEquals(4, row.done(), "work stopped at the next check after unit 4");
        assertEquals(JobState.CANCELLED, events.get(events.size() - 1).state());
        assertTrue(logs.isEmpty());
    }

    @Test
    void runsWithoutAProject() throws Exception {
        CancellationToken token = new CancellationToken();
        assertEquals(6L, runner().run(null, counter(3, -1, token), null, listener, token));
        assertEquals(0, events.get(0).jobId());
    }

    @Test
    void progressIsMirroredToTheRowAtMostOncePerIntervalAndOnPhaseChange() throws Exception {
        List<JobRecord> seen = new ArrayList<>();
        Job<Void> job = new Job<>() {
            @Override
            public String kind() {
                return "fit";
            }

            @Override
            public Void run(JobContext ctx) {
                ctx.progress("a", 1, 100, null); // first call: written
                seen.add(p.jobs().get(ctx.jobId()).orElseThrow());
                clock.addAndGet(400);
                ctx.progress("a", 2, 100, null); // 400 ms later: not written
                seen.add(p.jobs().get(ctx.jobId()).orElseThrow());
                ctx.progress("b", 1, 5, null); // new phase: written
                seen.add(p.jobs().get(ctx.jobId()).orElseThrow());
                clock.addAndGet(1000);
                ctx.progress("b", 3, 5, null); // an interval later: written
                seen.add(p.jobs().get(ctx.jobId()).orElseThrow());
                return null;
            }
        };
        runner().run(p, job, "{}", listener, null);
        assertEquals(List.of("a:1", "a:1", "b:1", "b:3"), seen.stream().map(j -> j.phase() + ":" + j.done()).toList());
    }

    @Test
    void rerunAfterADeadWorkerMarksItInterruptedAndKnowsWhatItResumes() throws Exception {
        Process finished = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        finished.waitFor();
        long orphan = p.jobs().insert("count", "{\"n\":3}", JobState.RUNNING, finished.pid());
        List<Optional<JobRecord>> resumes = new ArrayList<>();
        Job<Void> job = new Job<>() {
            @Override
            public String kind() {
                return "count";
            }

            @Override
            public Void run(JobContext ctx) {
                resumes.add(ctx.resumes());
                return null;
            }
        };
        runner().run(p, job, "{\"n\":3}", null, null);
        assertEquals(JobState.INTERRUPTED, p.jobs().get(orphan).orElseThrow().state());
        assertEquals(orphan, resumes.get(0).orElseThrow().id());
    }
}
