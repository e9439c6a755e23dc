package mda.engine.store;

/**
 * A project store failure with a one-line message that names the project file or table and the problem.
 * Unchecked so that DAO calls read plainly; the cause keeps the low-level SQLite or IO detail.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
