package mda.engine.train;

/** Training produced a non-finite loss or gradient; the run stops and keeps its last good checkpoint. */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
