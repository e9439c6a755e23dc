package mda.engine.jobs;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mda.engine.store.JobState;
import mda.engine.store.Project;

/**
 * The entry point of a worker JVM: {@code --project DIR --kind K [--params-file F]}; without a params file the
 * first stdin line holds the parameters as JSON. It runs the job with {@link JobRunner} against the project and
 * prints {@link WorkerProtocol} lines on stdout (started, progress, log, then one result); anything else that
 * writes to {@code System.out} goes to stderr. Later stdin lines may ask to cancel; stdin closing does not, so a
 * job outlives a UI that quits. Cancellation also comes from the project setting {@link #cancelKey} (used by a
 * re-attached UI) and from SIGTERM. Exit code 0 done, 2 failed, 3 cancelled.
 */
public final class WorkerMain {
    static final int EXIT_DONE = 0;
    static final int EXIT_FAILED = 2;
    static final int EXIT_CANCELLED = 3;
    static final String USAGE = "usage: WorkerMain --project DIR --kind KIND [--params-file FILE]"
            + " (without --params-file the first stdin line is the parameters JSON)";
    /** Progress reaches the job row at most this often, which is how fast a re-attached UI sees it. */
    private static final long DB_INTERVAL_MS = 500;
    private static final long CANCEL_POLL_MS = 500;
    private static final long SHUTDOWN_GRACE_MS = 10_000;

    private final PrintStream out;
    private final InputStream in;
    private final PrintStream err;
    private final CancellationToken token = new CancellationToken();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean shuttingDown;
    private volatile long jobId;

    WorkerMain(PrintStream protocolOut, InputStream in, PrintStream err) {
        this.out = protocolOut;
        this.in = in;
        this.err = err;
    }

    public static void main(String[] args) {
        // Keep the real stdout for protocol lines only; stray prints (libraries, jobs) go to stderr.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        WorkerMain worker = new WorkerMain(protocol, System.in, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::onShutdown, "mda-worker-shutdown"));
        int code = worker.run(args);
        if (!worker.shuttingDown) {
            System.exit(code); // System.exit during a shutdown would block forever
        }
    }

    /** The setting a re-attached launcher writes to ask the worker running job {@code jobId} to cancel. */
    public static String cancelKey(long jobId) {
        return "job." + jobId + ".cancel";
    }

    /** Runs the job described by {@code args} and returns the exit code. */
    int run(String[] args) {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            Path project = null;
            String kind = null;
            Path paramsFile = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a + "; " + USAGE);
                }
                String v = args[++i];
                switch (a) {
                    case "--project" -> project = Path.of(v);
                    case "--kind" -> kind = v;
                    case "--params-file" -> paramsFile = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown argument " + a + "; " + USAGE);
                }
            }
            if (project == null || kind == null) {
                throw new IllegalArgumentException("--project and --kind are required; " + USAGE);
            }
            String params = paramsFile != null ? readParamsFile(paramsFile) : stdin.readLine();
            if (params == null || params.isBlank()) {
                throw new IllegalArgumentException("no job parameters: stdin closed before the parameters line; "
                        + USAGE);
            }
            Job<?> job = JobRegistry.load().create(kind, params);
            daemon("mda-worker-stdin", () -> readCommands(stdin));
            try (Project p = Project.open(project)) {
                daemon("mda-worker-cancel-poll", () -> pollCancelSetting(p));
                new JobRunner(System::currentTimeMillis, DB_INTERVAL_MS).run(p, job, params, listener(), token, id -> {
                    jobId = id;
                    emit(WorkerProtocol.started(id, ProcessHandle.current().pid()));
                });
            }
            return result(JobState.DONE, null, EXIT_DONE);
        } catch (JobCancelledException e) {
            return result(JobState.CANCELLED, e.getMessage(), EXIT_CANCELLED);
        } catch (Throwable e) {
            if (token.isCancelled() && e instanceof InterruptedException) {
                return result(JobState.CANCELLED, "cancelled: " + token.reason(), EXIT_CANCELLED);
            }
            e.printStackTrace(err);
            return result(JobState.FAILED, JobRunner.oneLine(e), EXIT_FAILED);
        } finally {
            finished.countDown();
        }
    }

    private static String readParamsFile(Path f) throws IOException {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read params file " + f + ": " + e.getMessage(), e);
        }
    }

    private ProgressListener listener() {
        return new ProgressListener() {
            @Override
            public void onProgress(ProgressEvent event) {
                emit(event.toJson());
            }

            @Override
            public void onLog(long id, String line) {
                emit(WorkerProtocol.log(id, line));
            }
        };
    }

    private int result(JobState state, String error, int code) {
        emit(WorkerProtocol.result(state, jobId, error));
        return code;
    }

    private void emit(String line) {
        synchronized (out) {
            out.print(line + "\n"); // one write, so that native output on fd 1 cannot split the line
            out.flush();
        }
    }

    /** Cancel lines from the launcher; end of input means the launcher went away, and the job goes on. */
    private void readCommands(BufferedReader stdin) {
        try {
            for (String line; (line = stdin.readLine()) != null; ) {
                var cmd = WorkerProtocol.parse(line);
                if (cmd.isPresent() && WorkerProtocol.CANCEL.equals(WorkerProtocol.type(cmd.get()))) {
                    token.cancel(WorkerProtocol.stringOr(cmd.get(), "reason", null));
                } else if (!line.isBlank()) {
                    err.println("worker: ignoring unknown command on stdin: " + line);
                }
            }
        } catch (IOException e) {
            err.println("worker: stdin closed: " + e.getMessage());
        }
    }

    private void pollCancelSetting(Project p) {
        try {
            while (finished.getCount() > 0 && !token.isCancelled()) {
                long id = jobId;
                if (id > 0) {
                    p.settings().get(cancelKey(id)).ifPresent(token::cancel);
                }
                Thread.sleep(CANCEL_POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the project closed as the job ended; nothing left to cancel
        }
    }

    /** On SIGTERM (a launcher's destroy()) cancel gracefully and give the job time to record it. */
    void onShutdown() {
        shuttingDown = true;
        if (finished.getCount() == 0) {
            return;
        }
        token.cancel("the worker process was asked to stop");
        try {
            finished.await(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
