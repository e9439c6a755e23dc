package mda.assets.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the demo-corpus artifact list back from the {@code artifactItems} of one
 * maven-dependency-plugin execution in a pom, so the pom stays the one place that lists them.
 */
final class RecipePom {
  private RecipePom() {}

  /**
   * One artifact of the recipe.
   *
   * @param classifier empty when none
   */
  record Item(String groupId, String artifactId, String version, String type, String classifier) {
    /** Resolver-style coordinates: {@code group:artifact:ext[:classifier]:version}. */
    String coordinates() {
      return groupId + ":" + artifactId + ":" + type + (classifier.isEmpty() ? "" : ":" + classifier) + ":" + version;
    }

    /** The file name maven-dependency-plugin's copy goal gives it with {@code prependGroupId=true}. */
    String copiedFileName() {
      return groupId + "." + artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + type;
    }
  }

  /** The artifact items of execution {@code executionId}, in pom order. */
  static List<Item> read(Path pom, String executionId) throws IOException {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      doc = f.newDocumentBuilder().parse(pom.toFile());
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException(pom + ": not a readable pom: " + e.getMessage(), e);
    }
    NodeList executions = doc.getElementsByTagName("execution");
    for (int i = 0; i < executions.getLength(); i++) {
      Element ex = (Element) executions.item(i);
      if (!executionId.equals(childText(ex, "id"))) {
        continue;
      }
      List<Item> items = new ArrayList<>();
      NodeList nodes = ex.getElementsByTagName("artifactItem");
      for (int j = 0; j < nodes.getLength(); j++) {
        Element it = (Element) nodes.item(j);
        String type = childText(it, "type");
        String classifier = childText(it, "classifier");
        Item item = new Item(required(pom, it, "groupId"), required(pom, it, "artifactId"),
            required(pom, it, "version"), type == null ? "jar" : type, classifier == null ? "" : classifier);
        if (item.coordinates().contains("${")) {
          throw new IOException(pom + ": artifactItem " + item.coordinates() + " uses a property; write it out literally");
        }
        items.add(item);
      }
      if (items.isEmpty()) {
        throw new IOException(pom + ": execution '" + executionId + "' has no artifactItems");
      }
      return items;
    }
    throw new IOException(pom + ": no plugin execution with id '" + executionId + "'");
  }

  private static String required(Path pom, Element e, String tag) throws IOException {
    String v = childText(e, tag);
    if (v == null || v.isBlank()) {
      throw new IOException(pom + ": an artifactItem lacks <" + tag + ">");
    }
    return v;
  }

  private static String childText(Element e, String tag) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && tag.equals(n.getNodeName())) {
        return n.getTextContent().trim();
      }
    }
    return null;
  }
}
