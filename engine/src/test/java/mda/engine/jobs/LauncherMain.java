package mda.engine.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for a workbench window in {@link LauncherExitTest}: a JVM that starts a worker, waits for its first
 * progress, prints {@code job <id> pid <pid>} and then halts at once (no shutdown hooks, no stdin close), as a GUI
 * does when it is killed or closed while a job runs.
 */
public final class LauncherMain {
    private LauncherMain() {
    }

    /** Arguments: project folder, job kind, job parameters (JSON). */
    public static void main(String[] args) throws Exception {
        CountDownLatch progressed = new CountDownLatch(1);
        WorkerProcess w = WorkerProcess.start(Path.of(args[0]), args[1], args[2], new ProgressListener() {
            @Override
            public void onProgress(ProgressEvent e) {
                if (e.done() > 0) {
                    progressed.countDown();
                }
            }
        }, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m"));
        if (!progressed.await(30, TimeUnit.SECONDS)) {
            System.out.println("no progress");
            Runtime.getRuntime().halt(3);
        }
        System.out.println("job " + w.jobId() + " pid " + w.pid());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
