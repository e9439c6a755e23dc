package mda.engine.corpus;

/**
 * One contiguous piece of a training window that lies in a single document, or a single EOD separator.
 *
 * @param docIndex     the document (for an EOD: the document that the EOD ends)
 * @param docOffset    offset of the piece inside the document (for an EOD: the document's length)
 * @param windowOffset offset of the piece inside the window
 * @param length       number of tokens (1 for an EOD)
 * @param eod          whether the piece is an EOD separator
 */
public record Span(int docIndex, int docOffset, int windowOffset, int length, boolean eod) {
}
