package mda.engine.jobs;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import mda.engine.store.StoreException;

/**
 * A job running in a child JVM ({@link WorkerMain}) started from this installation: same java, class path and
 * {@code ai.djl.*} / {@code mda.*} system properties. Progress, log lines and worker stderr (prefixed
 * {@code [stderr] }) reach the listener on reader threads; a stdout line that is not protocol goes to
 * {@code onLog} unchanged. A worker that dies without a result is reported INTERRUPTED, and its job row is
 * marked so, with a message saying the project is intact and a rerun resumes.
 */
public final class WorkerProcess {
    /** How long {@link #cancel()} waits before each harder step (SIGTERM, then kill). */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final String STDERR_PREFIX = "[stderr] ";
    private static final long READER_JOIN_MS = 5_000;

    private final Process process;
    private final Path project;
    private final ProgressListener listener;
    private final Writer stdin;
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private volatile long jobId;
    private volatile JsonObject result;
    private volatile boolean cancelRequested;
    private WorkerOutcome outcome;

    private WorkerProcess(Process process, Path project, ProgressListener listener) {
        this.process = process;
        this.project = project;
        this.listener = listener;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stdoutReader = reader("mda-worker-stdout-" + process.pid(), process.getInputStream(), this::dispatch);
        this.stderrReader = reader("mda-worker-stderr-" + process.pid(), process.getErrorStream(), this::stderr);
    }

    /** Starts {@code kind} with {@code paramsJson} (a JSON object) on the project in folder {@code project}. */
    public static WorkerProcess start(Path project, String kind, String paramsJson, ProgressListener listener)
            throws IOException {
        return start(project, kind, paramsJson, listener, List.of());
    }

    /** As {@link #start(Path, String, String, ProgressListener)} with extra JVM options, e.g. {@code -Xmx8g}. */
    public static WorkerProcess start(Path project, String kind, String paramsJson, ProgressListener listener,
                                      List<String> jvmArgs) throws IOException {
        Path dir = project.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve(Project.DB_FILE))) {
            throw new IllegalArgumentException("cannot start a worker: " + dir + " is not an MDA project (no "
                    + Project.DB_FILE + ")");
        }
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("cannot start a worker: the job kind is empty");
        }
        String params = oneLineParams(paramsJson);
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(jvmArgs);
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("ai.djl.") || name.startsWith("mda.")) {
                cmd.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
                "--project", dir.toString(), "--kind", kind));
        Process p = new ProcessBuilder(cmd).start();
        WorkerProcess w = new WorkerProcess(p, dir, listener == null ? ProgressListener.none() : listener);
        w.stdoutReader.start();
        w.stderrReader.start();
        w.send(params);
        return w;
    }

    /**
     * Re-attaches to job {@code jobId} when its row is RUNNING and its worker is alive (after reopening the
     * project), following its progress through the database; empty when the job has ended. A RUNNING row whose
     * process is gone is marked INTERRUPTED first.
     */
    public static Optional<WorkerAttachment> attach(Project project, long jobId, ProgressListener listener) {
        return WorkerAttachment.attach(project, jobId, listener, WorkerAttachment.DEFAULT_POLL_MILLIS);
    }

    public long pid() {
        return process.pid();
    }

    /** The job row id, once the worker has created it; 0 before. */
    public long jobId() {
        return jobId;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Cancels with {@link #DEFAULT_GRACE}. */
    public void cancel() {
        cancel(DEFAULT_GRACE);
    }

    /**
     * Asks the worker to cancel and returns at once; if it is still running after {@code grace} it gets SIGTERM
     * (a graceful cancel on POSIX systems), and after another {@code grace} it is killed.
     */
    public void cancel(Duration grace) {
        cancelRequested = true;
        send(WorkerProtocol.cancel("cancelled by the user"));
        Thread t = new Thread(() -> {
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroy();
                    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly();
                    }
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "mda-worker-cancel-" + process.pid());
        t.setDaemon(true);
        t.start();
    }

    /** Waits for the worker to end and returns how the job ended. */
    public WorkerOutcome waitFor() throws InterruptedException {
        int code = process.waitFor();
        stdoutReader.join(READER_JOIN_MS); // the result line may still be in the pipe
        stderrReader.join(READER_JOIN_MS);
        synchronized (this) {
            if (outcome == null) {
                outcome = resolve(code);
            }
            return outcome;
        }
    }

    /** Waits at most {@code timeout}; empty if the worker is still running then. */
    public Optional<WorkerOutcome> waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        return Optional.of(waitFor());
    }

    private WorkerOutcome resolve(int code) {
        JsonObject r = result;
        if (r != null) {
            try {
                return new WorkerOutcome(WorkerProtocol.state(r), code, WorkerProtocol.stringOr(r, "error", null),
                        WorkerProtocol.longOr(r, "jobId", jobId));
            } catch (RuntimeException e) {
                // a garbled result line counts as no result
            }
        }
        String last;
        synchronized (stderrTail) {
            last = stderrTail.peekLast();
        }
        String detail = cancelRequested ? "it was stopped after a cancel request" : null;
        if (last != null) {
            detail = (detail == null ? "" : detail + "; ") + "last error output: " + last;
        }
        String message = WorkerOutcome.diedMessage("the worker process exited with code " + code, detail);
        long id = jobId;
        try (Project p = Project.open(project)) {
            for (JobRecord j : p.jobs().list()) {
                if (j.state() == JobState.RUNNING && j.pid() != null && j.pid() == process.pid()) {
                    p.jobs().setState(j.id(), JobState.INTERRUPTED, message);
                    id = j.id();
                }
            }
        } catch (StoreException e) {
            message += "; its job row could not be marked interrupted: " + e.getMessage();
        }
        return new WorkerOutcome(JobState.INTERRUPTED, code, message, id);
    }

    private void dispatch(String line) {
        Optional<JsonObject> msg = WorkerProtocol.parse(line);
        if (msg.isEmpty()) {
            log(jobId, line);
            return;
        }
        JsonObject o = msg.get();
        try {
            switch (WorkerProtocol.type(o)) {
                case WorkerProtocol.STARTED -> jobId = WorkerProtocol.longOr(o, "jobId", 0);
                case ProgressEvent.TYPE -> progress(ProgressEvent.fromJson(line));
                case WorkerProtocol.LOG -> log(WorkerProtocol.longOr(o, "jobId", jobId),
                        WorkerProtocol.stringOr(o, "line", ""));
                case WorkerProtocol.RESULT -> result = o;
                default -> log(jobId, line);
            }
        } catch (RuntimeException e) {
            log(jobId, line); // a malformed protocol line is shown, never fatal
        }
    }

    private void stderr(String line) {
        synchronized (stderrTail) {
            if (!line.isBlank()) {
                stderrTail.addLast(line);
                if (stderrTail.size() > 20) {
                    stderrTail.removeFirst();
                }
            }
        }
        log(jobId, STDERR_PREFIX + line);
    }

    private void progress(ProgressEvent e) {
        if (jobId == 0) {
            jobId = e.jobId();
        }
        try {
            listener.onProgress(e);
        } catch (RuntimeException ex) {
            System.err.println("worker progress listener failed: " + ex);
        }
    }

    private void log(long id, String line) {
        try {
            listener.onLog(id, line);
        } catch (RuntimeException ex) {
            System.err.println("worker log listener failed: " + ex);
        }
    }

    private void send(String line) {
        try {
            synchronized (stdin) {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            // the worker has already exited; waitFor() reports how
        }
    }

    private static String oneLineParams(String paramsJson) {
        String json = paramsJson == null ? "{}" : paramsJson;
        try {
            var el = JsonParser.parseString(json);
            if (!el.isJsonObject()) {
                throw new IllegalArgumentException("job parameters must be a JSON object, got: " + json);
            }
            // The parameters travel as one stdin line; keep the caller's text when it already is one line,
            // since resuming matches the stored parameters text exactly.
            return json.contains("\n") || json.contains("\r") ? el.toString() : json;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("job parameters are not valid JSON (" + e.getMessage() + "): " + json, e);
        }
    }

    /** The java that runs this JVM, else java.home/bin/java; a native app launcher is not a java. */
    static String javaExecutable() {
        Optional<String> cmd = ProcessHandle.current().info().command();
        if (cmd.isPresent() && Path.of(cmd.get()).getFileName().toString().toLowerCase().startsWith("java")) {
            return cmd.get();
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase().contains("win");
        Path java = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException("cannot start a worker: no java executable at " + java
                    + " (the runtime image must keep bin/java)");
        }
        return java.toString();
    }

    private static Thread reader(String name, InputStream stream, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the pipe closed with the process
            }
        }, name);
        t.setDaemon(true);
        return t; // started once the WorkerProcess is fully built
    }
}
