package mda.engine.jobs;

/** Receives a job's progress events (on the job's thread; keep it quick) and its log lines. */
@FunctionalInterface
public interface ProgressListener {
    void onProgress(ProgressEvent event);

    default void onLog(long jobId, String line) {}

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return e -> { };
    }
}
