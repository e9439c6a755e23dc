package mda.assets.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * The embedded demo corpus: real text from Maven Central artifacts, assembled when the assets
 * module is built (see assets/README.md). Documents are streamed from the classpath, never held
 * all at once.
 */
public final class DemoCorpus {
  /** Classpath location of the gzipped JSONL corpus. */
  public static final String CORPUS_RESOURCE = "mda/assets/demo/" + DemoCorpusAssembler.CORPUS_FILE;
  /** Classpath location of the manifest. */
  public static final String MANIFEST_RESOURCE = "mda/assets/demo/" + DemoCorpusAssembler.MANIFEST_FILE;

  private DemoCorpus() {}

  /**
   * Totals recorded by the assembler.
   *
   * @param json the manifest text as written (artifact list, rules, counts)
   * @param documentsByCategory documents per category, every category present
   * @param bytesByCategory UTF-8 text bytes per category, every category present
   * @param artifacts coordinates of the source artifacts, in recipe order
   */
  public record Manifest(String json, long documents, long textBytes, Map<String, Long> documentsByCategory,
      Map<String, Long> bytesByCategory, List<String> artifacts, String contentSha256) {}

  /** Whether the corpus and its manifest are on the classpath. */
  public static boolean available() {
    ClassLoader cl = DemoCorpus.class.getClassLoader();
    return cl.getResource(CORPUS_RESOURCE) != null && cl.getResource(MANIFEST_RESOURCE) != null;
  }

  /** The parsed manifest; throws {@link IllegalStateException} when the corpus is not built in. */
  public static Manifest manifest() {
    String text;
    try (InputStream in = open(MANIFEST_RESOURCE)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(MANIFEST_RESOURCE + ": " + e.getMessage(), e);
    }
    return parseManifest(text);
  }

  @SuppressWarnings("unchecked")
  static Manifest parseManifest(String text) {
    try {
      Map<String, Object> m = (Map<String, Object>) Json.parse(text, MANIFEST_RESOURCE);
      Map<String, Long> docs = new LinkedHashMap<>();
      Map<String, Long> bytes = new LinkedHashMap<>();
      Map<String, Object> cats = (Map<String, Object>) m.get("categories");
      for (String c : DemoDocument.CATEGORIES) {
        Map<String, Object> v = (Map<String, Object>) cats.get(c);
        docs.put(c, (Long) v.get("documents"));
        bytes.put(c, (Long) v.get("bytes"));
      }
      List<String> artifacts = ((List<Object>) m.get("artifacts")).stream()
          .map(o -> (String) ((Map<String, Object>) o).get("coordinates")).toList();
      return new Manifest(text, (Long) m.get("documents"), (Long) m.get("textBytes"), Map.copyOf(docs),
          Map.copyOf(bytes), artifacts, (String) m.get("contentSha256"));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalStateException(MANIFEST_RESOURCE + ": missing or mistyped field (" + e + ")", e);
    }
  }

  /**
   * Streams the documents in corpus order. The stream closes itself when exhausted; a caller that
   * stops early should {@link DocumentIterator#close() close} it.
   */
  public static DocumentIterator documents() {
    try {
      InputStream in = new GZIPInputStream(open(CORPUS_RESOURCE), 1 << 16);
      return new DocumentIterator(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
    } catch (IOException e) {
      throw new UncheckedIOException(CORPUS_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(String resource) throws IOException {
    URL url = DemoCorpus.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException(resource + " is not on the classpath: build the assets module"
          + " (online once, so it can fetch its Maven Central sources)");
    }
    return url.openStream();
  }

  /** Iterator over the corpus lines; {@link AutoCloseable} for callers that stop early. */
  public static final class DocumentIterator implements Iterator<DemoDocument>, AutoCloseable {
    private final BufferedReader reader;
    private DemoDocument next;
    private long line;
    private boolean closed;

    DocumentIterator(BufferedReader reader) {
      this.reader = reader;
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (closed) {
        return false;
      }
      try {
        String l = reader.readLine();
        if (l == null) {
          close();
          return false;
        }
        line++;
        next = parseLine(l, CORPUS_RESOURCE + " line " + line);
        return true;
      } catch (IOException e) {
        close();
        throw new UncheckedIOException(CORPUS_RESOURCE + " line " + (line + 1) + ": " + e.getMessage(), e);
      }
    }

    @Override
    public DemoDocument next() {
      if (!hasNext()) {
        throw new NoSuchElementException("demo corpus exhausted after " + line + " documents");
      }
      DemoDocument d = next;
      next = null;
      return d;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        try {
          reader.close();
        } catch (IOException ignored) {
          // nothing useful to do: the stream was only read
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  static DemoDocument parseLine(String l, String where) {
    Object o = Json.parse(l, where);
    try {
      Map<String, Object> m = (Map<String, Object>) o;
      return new DemoDocument(Math.toIntExact((Long) m.get("id")), (String) m.get("source"), (String) m.get("path"),
          (String) m.get("category"), (String) m.get("text"));
    } catch (ClassCastException | NullPointerException | ArithmeticException e) {
      throw new IllegalStateException(where + ": missing or mistyped field (" + e + ")", e);
    }
  }
}
