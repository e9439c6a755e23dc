package mda.engine.jobs;

/** Thrown out of a job when its cancellation token was triggered; unchecked so that it crosses lambdas. */
public class JobCancelledException extends RuntimeException {
    public JobCancelledException(String message) {
        super(message);
    }
}
