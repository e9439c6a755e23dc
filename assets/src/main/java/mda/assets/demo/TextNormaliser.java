package mda.assets.demo;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** Turns the raw bytes of one selected file into normalised document text, or says why it is skipped. */
final class TextNormaliser {
  /** The normalisation steps, in order, as recorded in the manifest. */
  static final List<String> STEPS = List.of(
      "strict UTF-8 decode (files with invalid bytes are skipped, never repaired)",
      "drop a leading byte-order mark; skip files containing NUL (binary)",
      "CRLF and lone CR -> LF",
      "strip trailing whitespace on every line",
      "collapse runs of more than 2 blank lines to 2",
      "drop leading and trailing blank lines; end with one LF",
      "HTML/XML markup kept as is (it is naturally repetitive)",
      "cut documents longer than maxChars at the last LF before the limit",
      "skip empty documents and exact duplicates (SHA-256 of the normalised text)");

  private static final Pattern TRAILING = Pattern.compile("[ \\t\\f\\x0B]+$", Pattern.MULTILINE);
  private static final Pattern BLANK_RUNS = Pattern.compile("\n{4,}");

  /** Why a file did not become a document. */
  enum Skip { INVALID_UTF8, BINARY, EMPTY, DUPLICATE }

  /**
   * Result of normalising one file: exactly one of {@code text} and {@code skip} is non-null.
   *
   * @param truncated whether the text was cut to maxChars
   */
  record Outcome(String text, Skip skip, boolean truncated) {}

  private TextNormaliser() {}

  static Outcome normalise(byte[] raw, int maxChars) {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      return new Outcome(null, Skip.INVALID_UTF8, false);
    }
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1);
    }
    if (s.indexOf('\0') >= 0) {
      return new Outcome(null, Skip.BINARY, false);
    }
    s = s.replace("\r\n", "\n").replace('\r', '\n');
    s = TRAILING.matcher(s).replaceAll("");
    s = BLANK_RUNS.matcher(s).replaceAll("\n\n\n");
    int start = 0;
    while (start < s.length() && s.charAt(start) == '\n') {
      start++;
    }
    int end = s.length();
    while (end > start && s.charAt(end - 1) == '\n') {
      end--;
    }
    if (start == end) {
      return new Outcome(null, Skip.EMPTY, false);
    }
    s = s.substring(start, end);
    boolean truncated = false;
    if (s.length() + 1 > maxChars) {
      int cut = s.lastIndexOf('\n', maxChars - 1);
      if (cut <= 0) {
        cut = maxChars - 1;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
          cut--;
        }
      }
      s = s.substring(0, cut);
      // the cut may leave trailing blank lines behind
      int e2 = s.length();
      while (e2 > 0 && s.charAt(e2 - 1) == '\n') {
        e2--;
      }
      s = s.substring(0, e2);
      truncated = true;
    }
    return new Outcome(s + "\n", null, truncated);
  }
}
