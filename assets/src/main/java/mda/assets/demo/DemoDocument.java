package mda.assets.demo;

import java.util.List;
import java.util.Objects;

/**
 * One document of the embedded demo corpus.
 *
 * @param id position in the corpus (0-based, dense, in file order)
 * @param source Maven coordinates of the artifact it came from, {@code group:artifact:ext[:classifier]:version}
 * @param path path of the file inside that artifact (the artifact's file name for a bare POM)
 * @param category one of {@link #CATEGORIES}
 * @param text the normalised UTF-8 text (LF line ends, no trailing blanks, ends with a newline)
 */
public record DemoDocument(int id, String source, String path, String category, String text) {
  /** Java source code (with its prose comments). */
  public static final String CODE = "code";
  /** HTML pages and XML documents (javadoc pages, POMs). */
  public static final String HTML_XML = "html-xml";
  /** Markdown, plain text, licence and notice files. */
  public static final String PROSE = "prose";
  /** Anything else selected (properties, ProGuard rules). */
  public static final String OTHER = "other";
  /** All categories, in report order. */
  public static final List<String> CATEGORIES = List.of(CODE, HTML_XML, PROSE, OTHER);

  /** Validates the fields; a bad category names itself in the message. */
  public DemoDocument {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
    if (!CATEGORIES.contains(category)) {
      throw new IllegalArgumentException("document " + id + ": unknown category '" + category + "'");
    }
  }
}
