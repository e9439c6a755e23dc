package mda.engine.jobs;

/** A thread-safe, one-way cancel flag shared by whoever may cancel a job and the job itself. */
public final class CancellationToken {
    private volatile String reason;

    /** Requests cancellation; the first reason wins. */
    public void cancel(String why) {
        synchronized (this) {
            if (reason == null) {
                reason = why == null || why.isBlank() ? "cancelled" : why;
            }
        }
    }

    public void cancel() {
        cancel("cancelled by the user");
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null while not cancelled. */
    public String reason() {
        return reason;
    }
}
