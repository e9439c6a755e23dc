package mda.engine.corpus;

import java.util.Objects;

/**
 * One source document before tokenization.
 *
 * @param id       stable identifier, unique within a corpus
 * @param source   where it came from (file path, jar entry, generator and seed)
 * @param category one of the {@code Categorizer} categories or a synthetic kind ({@link #SYNTHETIC},
 *                 {@link #PLANTED_REPEAT})
 * @param text     the document text (for synthetic documents, the {@link SyntheticTokenizer} rendering)
 */
public record Document(String id, String source, String category, String text) {
    /** Category of a normal synthetic (token-id) document. */
    public static final String SYNTHETIC = "synthetic";
    /** Category of a synthetic document with planted long exact repeats. */
    public static final String PLANTED_REPEAT = "planted-repeat";

    public Document {
        Objects.requireNonNull(id, "document id");
        Objects.requireNonNull(source, "document source");
        Objects.requireNonNull(category, "document category");
        Objects.requireNonNull(text, "document text");
    }
}
