package mda.engine.store;

/** Life cycle of a training run; stored lower-case. */
public enum RunStatus {
    CREATED, RUNNING, DONE, FAILED, CANCELLED, INTERRUPTED
}
