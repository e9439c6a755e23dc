package mda.assets.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipeAndJsonTest {

  @Test
  void modulePomListsTheRecipeAndCopiedNamesFollowTheDependencyPlugin() throws IOException {
    List<RecipePom.Item> items = RecipePom.read(Path.of("pom.xml"), "fetch-demo-corpus");
    assertTrue(items.size() >= 10, "recipe has its artifacts: " + items.size());
    RecipePom.Item csv = items.stream().filter(i -> i.artifactId().equals("commons-csv")
        && i.classifier().equals("sources")).findFirst().orElseThrow();
    assertEquals("org.apache.commons:commons-csv:jar:sources:1.13.0", csv.coordinates());
    assertEquals("org.apache.commons.commons-csv-1.13.0-sources.jar", csv.copiedFileName());
    Path fetched = Path.of("target/demo-corpus-inputs");
    if (Files.isDirectory(fetched)) {
      for (RecipePom.Item i : items) {
        assertTrue(Files.isRegularFile(fetched.resolve(i.copiedFileName())), "fetched as " + i.copiedFileName());
      }
    }
    IOException e = assertThrows(IOException.class, () -> RecipePom.read(Path.of("pom.xml"), "no-such"));
    assertTrue(e.getMessage().contains("no-such"), e.getMessage());
  }

  @Test
  void rulesPickCategoriesByExtensionThenStem() {
    CorpusRules r = CorpusRules.fromArgs(Map.of("code", "java", "html-xml", "html,xml,pom",
        "prose", "md,txt,LICENSE,NOTICE", "exclude", "src-html/", "max-chars", "1000"));
    assertEquals("code", r.categoryOf("a/B.java"));
    assertEquals("html-xml", r.categoryOf("a/b/index.HTML"));
    assertEquals("prose", r.categoryOf("META-INF/LICENSE"));
    assertEquals("prose", r.categoryOf("NOTICE.txt"));
    assertEquals("html-xml", r.categoryOf("legal/license.xml"), "extension wins over stem");
    assertNull(r.categoryOf("script.js"));
    assertNull(r.categoryOf("src-html/a/B.html"));
    assertNull(r.categoryOf("dir/"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CorpusRules.fromArgs(Map.of("poetry", "txt", "code", "java", "max-chars", "9")));
    assertTrue(e.getMessage().contains("--max-chars"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CorpusRules.fromArgs(Map.of("max-chars", "100")));
    assertTrue(e.getMessage().contains("no selection rule"), e.getMessage());
  }

  @Test
  void jsonRoundTripsAwkwardText() {
    String text = "tab\there \"q\" back\\slash \u0001 é 😀\nline";
    Object back = Json.parse("{\"t\": " + Json.quote(text) + ", \"n\": [1, -2.5e3, true, null]}", "x");
    assertEquals(Map.of("t", text, "n", java.util.Arrays.asList(1L, -2500.0, true, null)), back);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1,}", "f.json"));
    assertTrue(e.getMessage().startsWith("f.json: invalid JSON"), e.getMessage());
  }
}
