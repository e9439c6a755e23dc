package mda.assets.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The selection rules of the demo corpus: which files of an artifact become documents, in which
 * category, and how long a document may be. Given as build arguments in assets/pom.xml.
 *
 * @param tokensByCategory for each category, the file extensions or bare file-name stems
 *     (e.g. {@code LICENSE}) that select a file into it; matched case-insensitively, extension first
 * @param excludePrefixes paths inside an artifact starting with one of these are never selected
 * @param maxChars documents longer than this are cut at the last line break before the limit
 */
record CorpusRules(Map<String, List<String>> tokensByCategory, List<String> excludePrefixes, int maxChars) {

  CorpusRules {
    if (maxChars < 16) {
      throw new IllegalArgumentException("--max-chars must be at least 16, got " + maxChars);
    }
    for (String c : tokensByCategory.keySet()) {
      if (!DemoDocument.CATEGORIES.contains(c)) {
        throw new IllegalArgumentException("unknown category '" + c + "'; expected one of " + DemoDocument.CATEGORIES);
      }
    }
    tokensByCategory = Map.copyOf(tokensByCategory);
    excludePrefixes = List.copyOf(excludePrefixes);
  }

  /** Reads {@code --<category>=a,b}, {@code --exclude=p,q} and {@code --max-chars=N} from {@code args}. */
  static CorpusRules fromArgs(Map<String, String> args) {
    Map<String, List<String>> tokens = new LinkedHashMap<>();
    for (String c : DemoDocument.CATEGORIES) {
      String v = args.get(c);
      if (v != null) {
        tokens.put(c, split(v));
      }
    }
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("no selection rule: give at least one of --code, --html-xml, --prose, --other");
    }
    String max = args.get("max-chars");
    if (max == null) {
      throw new IllegalArgumentException("missing --max-chars");
    }
    int maxChars;
    try {
      maxChars = Integer.parseInt(max.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--max-chars: not an integer: '" + max + "'", e);
    }
    String ex = args.get("exclude");
    return new CorpusRules(tokens, ex == null ? List.of() : split(ex), maxChars);
  }

  private static List<String> split(String v) {
    List<String> out = new ArrayList<>();
    for (String t : v.split(",")) {
      if (!t.isBlank()) {
        out.add(t.trim());
      }
    }
    return out;
  }

  /** The category of the file at {@code path} inside an artifact, or null if it is not selected. */
  String categoryOf(String path) {
    if (path.endsWith("/")) {
      return null;
    }
    for (String p : excludePrefixes) {
      if (path.startsWith(p)) {
        return null;
      }
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    String stem = (dot < 0 ? name : name.substring(0, dot)).toLowerCase(Locale.ROOT);
    String byStem = null;
    for (String c : DemoDocument.CATEGORIES) {
      for (String t : tokensByCategory.getOrDefault(c, List.of())) {
        String tl = t.toLowerCase(Locale.ROOT);
        if (tl.equals(ext)) {
          return c;
        }
        if (byStem == null && tl.equals(stem)) {
          byStem = c;
        }
      }
    }
    return byStem;
  }

  /** The rules as a JSON object, for the manifest. */
  String toJson() {
    StringBuilder sb = new StringBuilder("{");
    for (String c : DemoDocument.CATEGORIES) {
      if (tokensByCategory.containsKey(c)) {
        Json.quote(sb, c);
        sb.append(": ").append(jsonList(tokensByCategory.get(c))).append(", ");
      }
    }
    sb.append("\"exclude\": ").append(jsonList(excludePrefixes));
    sb.append(", \"maxChars\": ").append(maxChars);
    sb.append(", \"normalisation\": ").append(jsonList(TextNormaliser.STEPS)).append('}');
    return sb.toString();
  }

  private static String jsonList(List<String> l) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Json.quote(sb, l.get(i));
    }
    return sb.append(']').toString();
  }
}
