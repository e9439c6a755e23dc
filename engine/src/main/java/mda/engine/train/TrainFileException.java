package mda.engine.train;

import java.nio.file.Path;

/**
 * A training file (data order, optimizer state) that cannot be read as written: the message names the file and the
 * problem, and {@link #reason()} tells the kinds apart for callers that react differently (e.g. a truncated file from
 * an interrupted copy versus a file of another kind).
 */
public final class TrainFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Reason { WRONG_MAGIC, UNSUPPORTED_VERSION, TRUNCATED, TRAILING_BYTES, BAD_HEADER, BAD_VALUE, CHECKSUM }

    private final Reason reason;
    private final transient Path file;

    public TrainFileException(Path file, Reason reason, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public Path file() {
        return file;
    }
}
