package mda.app.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Runs one view-model's engine queries off the FX thread, one at a time, and hands results back on the FX thread.
 * Exposes {@code busy} and a one-line {@code error} for the view to bind.
 */
public final class Background {
    private static final ExecutorService POOL = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mda-ui-query");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private int pending;

    /** Calls {@code work} on the query thread; {@code onResult} then runs on the FX thread. */
    public <T> void run(Callable<T> work, Consumer<T> onResult) {
        pending++;
        busy.set(true);
        error.set("");
        POOL.submit(() -> {
            T value;
            try {
                value = work.call();
            } catch (Exception | Error e) {
                Platform.runLater(() -> {
                    error.set(oneLine(e));
                    done();
                });
                return;
            }
            Platform.runLater(() -> {
                try {
                    onResult.accept(value);
                } catch (RuntimeException e) {
                    error.set(oneLine(e));
                } finally {
                    done();
                }
            });
        });
    }

    private void done() {
        pending--;
        busy.set(pending > 0);
    }

    /** Shows a failure that happened outside {@link #run}. */
    public void fail(Throwable e) {
        error.set(oneLine(e));
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A short message without a stack trace: the deepest cause that has a message. */
    public static String oneLine(Throwable e) {
        Throwable t = e;
        String msg = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        return msg == null ? e.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg);
    }
}
