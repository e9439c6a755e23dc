package mda.assets.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build-time tool that turns the fetched Maven Central artifacts into the embedded demo corpus:
 * {@value #CORPUS_FILE} (one JSON object per document) and {@value #MANIFEST_FILE}. Output is
 * deterministic: inputs in recipe order, archive entries sorted by path, gzip header mtime 0.
 */
public final class DemoCorpusAssembler {
  /** File name of the gzipped JSONL corpus. */
  public static final String CORPUS_FILE = "demo-corpus.jsonl.gz";
  /** File name of the manifest. */
  public static final String MANIFEST_FILE = "demo-corpus-manifest.json";

  /** One fetched artifact: its coordinates, its file, and the name a bare (non-archive) file is recorded under. */
  record Input(String coordinates, Path file, String name) {}

  /** Per-artifact tallies for the manifest. */
  private static final class ArtifactStats {
    long selected;
    long documents;
    long textBytes;
  }

  /** What one run produced. */
  record Result(long documents, long textBytes, Map<String, long[]> byCategory,
      Map<TextNormaliser.Skip, Long> skipped, long truncated, String contentSha256, List<String> invalidUtf8) {}

  private DemoCorpusAssembler() {}

  /** Assembles the corpus from {@code inputs} into {@code outDir}; {@code recipe} is cited in the manifest. */
  static Result assemble(List<Input> inputs, CorpusRules rules, String recipe, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    Path corpus = outDir.resolve(CORPUS_FILE);
    Path tmp = outDir.resolve(CORPUS_FILE + ".tmp");
    MessageDigest sha = sha256();
    Map<String, long[]> byCategory = new LinkedHashMap<>();
    for (String c : DemoDocument.CATEGORIES) {
      byCategory.put(c, new long[2]);
    }
    Map<TextNormaliser.Skip, Long> skipped = new EnumMap<>(TextNormaliser.Skip.class);
    for (TextNormaliser.Skip s : TextNormaliser.Skip.values()) {
      skipped.put(s, 0L);
    }
    List<String> invalid = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Map<Input, ArtifactStats> stats = new LinkedHashMap<>();
    long[] counters = new long[3]; // documents, textBytes, truncated
    try (OutputStream file = Files.newOutputStream(tmp);
        GZIPOutputStream gz = new GZIPOutputStream(new BufferedOutputStream(file, 1 << 16), 1 << 16);
        Writer w = new OutputStreamWriter(new DigestOutputStream(gz, sha), StandardCharsets.UTF_8)) {
      for (Input in : inputs) {
        if (!Files.isRegularFile(in.file())) {
          throw new IOException(in.file() + ": artifact " + in.coordinates()
              + " was not fetched (run the build online once so maven-dependency-plugin can download it)");
        }
        ArtifactStats st = new ArtifactStats();
        stats.put(in, st);
        for (Entry e : entries(in, rules)) {
          st.selected++;
          TextNormaliser.Outcome o = TextNormaliser.normalise(e.bytes, rules.maxChars());
          TextNormaliser.Skip skip = o.skip();
          if (skip == null && !seen.add(hex(sha256().digest(o.text().getBytes(StandardCharsets.UTF_8))))) {
            skip = TextNormaliser.Skip.DUPLICATE;
          }
          if (skip != null) {
            skipped.merge(skip, 1L, Long::sum);
            if (skip == TextNormaliser.Skip.INVALID_UTF8) {
              invalid.add(in.coordinates() + "!/" + e.path);
            }
            continue;
          }
          long bytes = o.text().getBytes(StandardCharsets.UTF_8).length;
          writeLine(w, counters[0], in.coordinates(), e.path, e.category, o.text());
          counters[0]++;
          counters[1] += bytes;
          counters[2] += o.truncated() ? 1 : 0;
          st.documents++;
          st.textBytes += bytes;
          byCategory.get(e.category)[0]++;
          byCategory.get(e.category)[1] += bytes;
        }
      }
    }
    Files.move(tmp, corpus, StandardCopyOption.REPLACE_EXISTING);
    String contentSha = hex(sha.digest());
    Result r = new Result(counters[0], counters[1], byCategory, skipped, counters[2], contentSha, invalid);
    Path manifest = outDir.resolve(MANIFEST_FILE);
    Files.writeString(manifest, manifestJson(r, stats, rules, recipe, Files.size(corpus)), StandardCharsets.UTF_8);
    return r;
  }

  private record Entry(String path, String category, byte[] bytes) {}

  /** The selected files of one input, sorted by path. */
  private static List<Entry> entries(Input in, CorpusRules rules) throws IOException {
    List<Entry> out = new ArrayList<>();
    String fn = in.file().getFileName().toString();
    if (!fn.endsWith(".jar") && !fn.endsWith(".zip")) {
      String cat = rules.categoryOf(in.name());
      if (cat != null) {
        out.add(new Entry(in.name(), cat, Files.readAllBytes(in.file())));
      }
      return out;
    }
    try (ZipFile zip = new ZipFile(in.file().toFile())) {
      List<? extends ZipEntry> sorted = zip.stream().filter(z -> !z.isDirectory())
          .sorted(Comparator.comparing(ZipEntry::getName)).toList();
      for (ZipEntry z : sorted) {
        String cat = rules.categoryOf(z.getName());
        if (cat == null) {
          continue;
        }
        try (InputStream is = zip.getInputStream(z)) {
          out.add(new Entry(z.getName(), cat, is.readAllBytes()));
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new IOException(in.file() + ": not a readable jar: " + e.getMessage(), e);
    }
    return out;
  }

  private static void writeLine(Writer w, long id, String source, String path, String category, String text)
      throws IOException {
    StringBuilder sb = new StringBuilder(text.length() + 200);
    sb.append("{\"id\":").append(id).append(",\"source\":");
    Json.quote(sb, source);
    sb.append(",\"path\":");
    Json.quote(sb, path);
    sb.append(",\"category\":");
    Json.quote(sb, category);
    sb.append(",\"text\":");
    Json.quote(sb, text);
    sb.append("}\n");
    w.write(sb.toString());
  }

  private static String manifestJson(Result r, Map<Input, ArtifactStats> stats, CorpusRules rules, String recipe,
      long gzBytes) throws IOException {
    StringBuilder sb = new StringBuilder("{\n  \"format\": \"mda-demo-corpus/1\",\n  \"recipe\": ");
    Json.quote(sb, recipe);
    sb.append(",\n  \"rules\": ").append(rules.toJson());
    sb.append(",\n  \"documents\": ").append(r.documents());
    sb.append(",\n  \"textBytes\": ").append(r.textBytes());
    sb.append(",\n  \"corpusGzBytes\": ").append(gzBytes);
    sb.append(",\n  \"contentSha256\": ");
    Json.quote(sb, r.contentSha256());
    sb.append(",\n  \"categories\": {");
    int i = 0;
    for (Map.Entry<String, long[]> e : r.byCategory().entrySet()) {
      sb.append(i++ == 0 ? "\n    " : ",\n    ");
      Json.quote(sb, e.getKey());
      sb.append(": {\"documents\": ").append(e.getValue()[0]).append(", \"bytes\": ").append(e.getValue()[1]).append('}');
    }
    sb.append("\n  },\n  \"skipped\": {");
    i = 0;
    for (Map.Entry<TextNormaliser.Skip, Long> e : r.skipped().entrySet()) {
      sb.append(i++ == 0 ? "" : ", ");
      Json.quote(sb, e.getKey().name().toLowerCase(java.util.Locale.ROOT));
      sb.append(": ").append(e.getValue());
    }
    sb.append("},\n  \"truncated\": ").append(r.truncated());
    sb.append(",\n  \"artifacts\": [");
    i = 0;
    for (Map.Entry<Input, ArtifactStats> e : stats.entrySet()) {
      ArtifactStats s = e.getValue();
      sb.append(i++ == 0 ? "\n    " : ",\n    ").append("{\"coordinates\": ");
      Json.quote(sb, e.getKey().coordinates());
      sb.append(", \"fileBytes\": ").append(Files.size(e.getKey().file()));
      sb.append(", \"selectedFiles\": ").append(s.selected);
      sb.append(", \"documents\": ").append(s.documents);
      sb.append(", \"textBytes\": ").append(s.textBytes).append('}');
    }
    return sb.append("\n  ]\n}\n").toString();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
    }
    return sb.toString();
  }

  /**
   * Build entry point. Arguments {@code --pom=PATH --execution=ID --inputs=DIR --out=DIR} plus the
   * selection rules ({@code --code= --html-xml= --prose= --other= --exclude= --max-chars=}).
   */
  public static void main(String[] args) throws IOException {
    long t0 = System.nanoTime();
    Map<String, String> a = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("argument '" + arg + "': expected --name=value");
      }
      a.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    for (String k : List.of("pom", "execution", "inputs", "out")) {
      if (!a.containsKey(k)) {
        throw new IllegalArgumentException("missing --" + k);
      }
    }
    CorpusRules rules = CorpusRules.fromArgs(a);
    Path inputs = Path.of(a.get("inputs"));
    List<Input> in = new ArrayList<>();
    for (RecipePom.Item it : RecipePom.read(Path.of(a.get("pom")), a.get("execution"))) {
      String name = it.artifactId() + "-" + it.version() + (it.classifier().isEmpty() ? "" : "-" + it.classifier())
          + "." + it.type();
      in.add(new Input(it.coordinates(), inputs.resolve(it.copiedFileName()), name));
    }
    String recipe = "assets/pom.xml: artifactItems of execution '" + a.get("execution")
        + "' (maven-dependency-plugin) and the selection-rule arguments of execution 'assemble-demo-corpus'"
        + " (exec-maven-plugin)";
    Result r = assemble(in, rules, recipe, Path.of(a.get("out")));
    for (String bad : r.invalidUtf8()) {
      System.out.println("[demo-corpus] skipped (invalid UTF-8): " + bad);
    }
    StringBuilder cats = new StringBuilder();
    r.byCategory().forEach((c, v) -> cats.append(' ').append(c).append('=').append(v[0]).append('/').append(v[1]));
    System.out.printf("[demo-corpus] %d artifacts -> %d documents, %d bytes (docs/bytes:%s), skipped %s, truncated %d,"
        + " in %d ms%n", in.size(), r.documents(), r.textBytes(), cats, r.skipped(), r.truncated(),
        (System.nanoTime() - t0) / 1_000_000);
  }
}
