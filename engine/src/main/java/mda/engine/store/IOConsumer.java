package mda.engine.store;

import java.io.IOException;

/** Writes something to a path; the checked-IO counterpart of {@link java.util.function.Consumer}. */
@FunctionalInterface
public interface IOConsumer<T> {
    void accept(T target) throws IOException;
}
