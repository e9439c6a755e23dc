package mda.assets.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCorpusAssemblerTest {
  private static final CorpusRules RULES = new CorpusRules(Map.of(
      "code", List.of("java"), "html-xml", List.of("html", "xml", "pom"),
      "prose", List.of("md", "txt", "LICENSE", "NOTICE"), "other", List.of("properties")),
      List.of("src-html/"), 200);

  @TempDir Path tmp;

  private Path fakeJar() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    // entries deliberately out of order: the assembler sorts by path
    files.put("z/Dup.java", "class A {}\n".getBytes(StandardCharsets.UTF_8));
    files.put("a/A.java", "class A {}  \r\n\r\n\r\n\r\n\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    files.put("a/B.java", "class B {\r\n\r\n\r\n\r\n\r\n  int x;\t\r\n}".getBytes(StandardCharsets.UTF_8));
    files.put("doc/page.html", "<html><body><table><tr><td>é</td></tr></table></body></html>".getBytes(StandardCharsets.UTF_8));
    files.put("META-INF/maven/x/pom.xml", "\uFEFF<project><artifactId>x</artifactId></project>\n".getBytes(StandardCharsets.UTF_8));
    files.put("README.md", "# Title\n\nSome prose.\n".getBytes(StandardCharsets.UTF_8));
    files.put("META-INF/LICENSE", "Licence text\n".getBytes(StandardCharsets.UTF_8));
    files.put("empty.txt", " \n\t\n\n".getBytes(StandardCharsets.UTF_8));
    files.put("bad.txt", new byte[] {'o', 'k', ' ', (byte) 0xA9, ' ', '2', '0', '2', '4', '\n'});
    files.put("long.txt", ("line of forty characters, give or take.\n".repeat(10)).getBytes(StandardCharsets.UTF_8));
    files.put("image.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    files.put("src-html/a/A.html", "<pre>class A {}</pre>\n".getBytes(StandardCharsets.UTF_8));
    files.put("x.properties", "k=v\n".getBytes(StandardCharsets.UTF_8));
    Path jar = tmp.resolve("fake-1.0-sources.jar");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void fakeJarIsSelectedNormalisedDedupedAndDeterministic() throws Exception {
    Path jar = fakeJar();
    Path pom = tmp.resolve("org.ex.fake-parent-1.pom");
    try (OutputStream o = Files.newOutputStream(pom)) {
      o.write("<project>\r\n  <modelVersion>4.0.0</modelVersion>   \r\n</project>\r\n".getBytes(StandardCharsets.UTF_8));
    }
    List<DemoCorpusAssembler.Input> in = List.of(
        new DemoCorpusAssembler.Input("org.ex:fake:jar:sources:1.0", jar, "fake-1.0-sources.jar"),
        new DemoCorpusAssembler.Input("org.ex:fake-parent:pom:1", pom, "fake-parent-1.pom"));
    DemoCorpusAssembler.Result r = DemoCorpusAssembler.assemble(in, RULES, "test recipe", tmp.resolve("out1"));
    List<DemoDocument> docs = CorpusChecks.readAll(tmp.resolve("out1").resolve(DemoCorpusAssembler.CORPUS_FILE));

    Map<String, String> byPath = docs.stream().collect(Collectors.toMap(DemoDocument::path, DemoDocument::text));
    assertEquals(List.of("META-INF/LICENSE", "META-INF/maven/x/pom.xml", "README.md", "a/A.java", "a/B.java",
        "doc/page.html", "long.txt", "x.properties", "fake-parent-1.pom"),
        docs.stream().map(DemoDocument::path).toList(), "sorted, selected, deduped, excluded");
    assertEquals("class A {}\n", byPath.get("a/A.java"));
    assertEquals("class B {\n\n\n  int x;\n}\n", byPath.get("a/B.java"), "CRLF, trailing blanks, blank runs");
    assertEquals("<project><artifactId>x</artifactId></project>\n", byPath.get("META-INF/maven/x/pom.xml"), "BOM");
    assertEquals("<project>\n  <modelVersion>4.0.0</modelVersion>\n</project>\n", byPath.get("fake-parent-1.pom"));
    assertEquals("line of forty characters, give or take.\n".repeat(5), byPath.get("long.txt"),
        "cut at the last line end within 200 chars");
    assertEquals(Map.of("code", 2L, "html-xml", 3L, "prose", 3L, "other", 1L), docs.stream()
        .collect(Collectors.groupingBy(DemoDocument::category, Collectors.counting())));
    assertEquals("org.ex:fake-parent:pom:1", docs.get(docs.size() - 1).source());
    assertTrue(docs.subList(0, docs.size() - 1).stream().allMatch(d -> d.source().equals("org.ex:fake:jar:sources:1.0")));
    assertEquals(Map.of(TextNormaliser.Skip.INVALID_UTF8, 1L, TextNormaliser.Skip.BINARY, 0L,
        TextNormaliser.Skip.EMPTY, 1L, TextNormaliser.Skip.DUPLICATE, 1L), r.skipped());
    assertEquals(List.of("org.ex:fake:jar:sources:1.0!/bad.txt"), r.invalidUtf8());
    assertEquals(1, r.truncated());
    long[][] cats = CorpusChecks.check(docs.iterator(), RULES.maxChars());

    // manifest agrees with the documents
    DemoCorpus.Manifest m = DemoCorpus.parseManifest(
        Files.readString(tmp.resolve("out1").resolve(DemoCorpusAssembler.MANIFEST_FILE)));
    assertEquals(docs.size(), m.documents());
    for (int c = 0; c < cats.length; c++) {
      String name = DemoDocument.CATEGORIES.get(c);
      assertEquals(cats[c][0], m.documentsByCategory().get(name), name);
      assertEquals(cats[c][1], m.bytesByCategory().get(name), name);
    }
    assertEquals(List.of("org.ex:fake:jar:sources:1.0", "org.ex:fake-parent:pom:1"), m.artifacts());

    // deterministic: a second run gives byte-identical files; gzip mtime is zero
    DemoCorpusAssembler.assemble(in, RULES, "test recipe", tmp.resolve("out2"));
    for (String f : List.of(DemoCorpusAssembler.CORPUS_FILE, DemoCorpusAssembler.MANIFEST_FILE)) {
      assertArrayEquals(Files.readAllBytes(tmp.resolve("out1").resolve(f)),
          Files.readAllBytes(tmp.resolve("out2").resolve(f)), f);
    }
    byte[] gz = Files.readAllBytes(tmp.resolve("out1").resolve(DemoCorpusAssembler.CORPUS_FILE));
    assertArrayEquals(new byte[4], new byte[] {gz[4], gz[5], gz[6], gz[7]}, "gzip mtime");
  }

  @Test
  void missingArtifactIsAClearError() {
    Path absent = tmp.resolve("nope-1.0-sources.jar");
    IOException e = assertThrows(IOException.class, () -> DemoCorpusAssembler.assemble(
        List.of(new DemoCorpusAssembler.Input("org.ex:nope:jar:sources:1.0", absent, "nope")), RULES, "r", tmp));
    assertTrue(e.getMessage().contains("org.ex:nope:jar:sources:1.0") && e.getMessage().contains("not fetched"),
        e.getMessage());
  }

  /** A real sources jar: the copy the build fetched, else the local Maven repository's. */
  @Test
  void realSourcesJarFromTheLocalRepository() throws Exception {
    String rel = "org/apache/commons/commons-csv/1.13.0/commons-csv-1.13.0-sources.jar";
    Path jar = Path.of("target/demo-corpus-inputs/org.apache.commons.commons-csv-1.13.0-sources.jar");
    if (!Files.isRegularFile(jar)) {
      jar = Path.of(System.getProperty("maven.repo.local",
          System.getProperty("user.home") + "/.m2/repository")).resolve(rel);
    }
    assumeTrue(Files.isRegularFile(jar), "commons-csv sources jar not available locally");
    CorpusRules rules = new CorpusRules(RULES.tokensByCategory(), List.of(), 65536);
    List<DemoCorpusAssembler.Input> in = List.of(
        new DemoCorpusAssembler.Input("org.apache.commons:commons-csv:jar:sources:1.13.0", jar, "csv"));
    DemoCorpusAssembler.Result r = DemoCorpusAssembler.assemble(in, rules, "test", tmp.resolve("a"));
    List<DemoDocument> docs = CorpusChecks.readAll(tmp.resolve("a").resolve(DemoCorpusAssembler.CORPUS_FILE));
    long[][] cats = CorpusChecks.check(docs.iterator(), rules.maxChars());
    assertTrue(cats[0][0] >= 10 && cats[0][1] > 100_000, "commons-csv has 12 Java files, >100 kB");
    assertTrue(cats[1][0] >= 1 && cats[2][0] >= 1, "its pom.xml and LICENSE/NOTICE");
    assertTrue(docs.stream().anyMatch(d -> d.path().equals("org/apache/commons/csv/CSVFormat.java")
        && d.text().contains("public final class CSVFormat")));
    assertEquals(r.documents(), docs.size());
    DemoCorpusAssembler.assemble(in, rules, "test", tmp.resolve("b"));
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(DemoCorpusAssembler.CORPUS_FILE)),
        Files.readAllBytes(tmp.resolve("b").resolve(DemoCorpusAssembler.CORPUS_FILE)), "deterministic");
  }
}
