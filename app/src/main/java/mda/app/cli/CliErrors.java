package mda.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import mda.engine.jobs.JobCancelledException;
import mda.engine.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception into one clear line on stderr and an exit code: 2 for bad input or a refused operation
 * (the message says what to fix), 3 for cancellation, 1 for an internal error (stack trace with MDA_DEBUG=1).
 */
final class CliErrors implements IExecutionExceptionHandler {
    static final int BAD_INPUT = 2;
    static final int CANCELLED = 3;
    static final int INTERNAL = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if (ex instanceof JobCancelledException) {
            System.err.println("mda: cancelled; run the same command again to resume");
            return CANCELLED;
        }
        if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof StoreException || ex instanceof IOException || ex instanceof UncheckedIOException) {
            System.err.println("mda: " + oneLine(ex.getMessage()));
            debug(ex);
            return BAD_INPUT;
        }
        System.err.println("mda: internal error: " + ex);
        debug(ex);
        return INTERNAL;
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replace('\n', ' ');
    }

    private static void debug(Exception ex) {
        if ("1".equals(System.getenv("MDA_DEBUG"))) {
            ex.printStackTrace();
        }
    }
}
