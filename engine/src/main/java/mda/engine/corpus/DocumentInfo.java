package mda.engine.corpus;

/**
 * A document as stored in a {@link TokenStore}.
 *
 * @param id       the document id
 * @param source   where it came from
 * @param category its category
 * @param start    offset of its first token in the token stream (just after the preceding EOD)
 * @param length   number of tokens, not counting the EOD separator that follows it
 */
public record DocumentInfo(String id, String source, String category, long start, int length) {
    /** Stream offset one past its last token (the position of the following EOD, if any). */
    public long end() {
        return start + length;
    }
}
