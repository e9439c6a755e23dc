package mda.engine.store;

/** Life cycle of a job; stored lower-case. INTERRUPTED marks a job whose process died while it ran. */
public enum JobState {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED, INTERRUPTED;

    /** Whether the job has ended and will not change again. */
    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
