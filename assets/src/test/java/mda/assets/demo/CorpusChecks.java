package mda.assets.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** Shared property checks over a sequence of corpus documents. */
final class CorpusChecks {
  private CorpusChecks() {}

  static List<DemoDocument> readAll(Path gz) throws IOException {
    List<DemoDocument> out = new ArrayList<>();
    try (DemoCorpus.DocumentIterator it = new DemoCorpus.DocumentIterator(new BufferedReader(
        new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8)))) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  /**
   * Checks every document: dense ids, known category, source recorded, valid UTF-8, normalised
   * text within maxChars, no exact duplicate text. Returns [documents, bytes] per category.
   */
  static long[][] check(Iterator<DemoDocument> docs, int maxChars) throws Exception {
    long[][] perCategory = new long[DemoDocument.CATEGORIES.size()][2];
    Set<String> hashes = new HashSet<>();
    Set<String> places = new HashSet<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    int expectedId = 0;
    while (docs.hasNext()) {
      DemoDocument d = docs.next();
      assertEquals(expectedId++, d.id(), "ids are dense and in order");
      int c = DemoDocument.CATEGORIES.indexOf(d.category());
      assertTrue(c >= 0, "category of " + d.path());
      assertTrue(d.source().split(":").length >= 4, "source coordinates recorded: " + d.source());
      assertFalse(d.path().isEmpty(), "path recorded");
      assertTrue(places.add(d.source() + "!/" + d.path()), "one document per file: " + d.path());
      byte[] utf8 = strictUtf8(d.text(), d.path());
      assertTrue(d.text().length() >= 2 && d.text().endsWith("\n"), "non-empty, ends with LF: " + d.path());
      assertFalse(d.text().endsWith("\n\n"), "no trailing blank line: " + d.path());
      assertFalse(d.text().indexOf('\r') >= 0, "no CR: " + d.path());
      assertFalse(d.text().contains(" \n") || d.text().contains("\t\n"), "no trailing blanks: " + d.path());
      assertFalse(d.text().contains("\n\n\n\n"), "at most 2 blank lines in a row: " + d.path());
      assertTrue(d.text().length() <= maxChars, "capped: " + d.path());
      assertTrue(hashes.add(DemoCorpusAssembler.hex(sha.digest(utf8))), "duplicate text: " + d.path());
      perCategory[c][0]++;
      perCategory[c][1] += utf8.length;
    }
    return perCategory;
  }

  static byte[] strictUtf8(String s, String what) {
    try {
      var buf = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
      byte[] b = new byte[buf.remaining()];
      buf.get(b);
      return b;
    } catch (CharacterCodingException e) {
      throw new AssertionError(what + ": text is not valid Unicode", e);
    }
  }
}
