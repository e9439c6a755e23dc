package mda.assets.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Reads the corpus the build assembled (target/classes) through the public API. */
class DemoCorpusTest {

  @Test
  void builtCorpusHasTheManifestsMixAndOnlyCleanDocuments() throws Exception {
    assumeTrue(DemoCorpus.available(), "demo corpus not built into target/classes");
    DemoCorpus.Manifest m = DemoCorpus.manifest();
    long[][] cats;
    Set<String> sources = new HashSet<>();
    try (DemoCorpus.DocumentIterator it = DemoCorpus.documents()) {
      cats = CorpusChecks.check(new java.util.Iterator<>() {
        @Override public boolean hasNext() {
          return it.hasNext();
        }

        @Override public DemoDocument next() {
          DemoDocument d = it.next();
          sources.add(d.source());
          return d;
        }
      }, 65536);
    }
    long docs = 0;
    long bytes = 0;
    for (int c = 0; c < cats.length; c++) {
      String name = DemoDocument.CATEGORIES.get(c);
      assertEquals(m.documentsByCategory().get(name), cats[c][0], name + " documents");
      assertEquals(m.bytesByCategory().get(name), cats[c][1], name + " bytes");
      docs += cats[c][0];
      bytes += cats[c][1];
    }
    assertEquals(m.documents(), docs);
    assertEquals(m.textBytes(), bytes);
    assertTrue(m.artifacts().containsAll(sources), "every source is a recipe artifact");
    // the mix the README promises: code and markup dominate, each several MB; prose and other present
    assertTrue(cats[0][1] > 5_000_000 && cats[1][1] > 5_000_000, "code and html-xml > 5 MB each");
    assertTrue(cats[2][0] > 0 && cats[3][0] > 0, "prose and other present");
    assertTrue(bytes > 15_000_000 && bytes < 45_000_000, "total text within the planned 15-45 MB: " + bytes);

    // the manifest's content hash is the SHA-256 of the uncompressed JSONL
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(new GZIPInputStream(
        DemoCorpus.class.getClassLoader().getResourceAsStream(DemoCorpus.CORPUS_RESOURCE)), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertEquals(m.contentSha256(), DemoCorpusAssembler.hex(sha.digest()));
  }

  @Test
  void iteratorStopsCleanlyAndCanBeClosedEarly() {
    assumeTrue(DemoCorpus.available(), "demo corpus not built into target/classes");
    DemoCorpus.DocumentIterator it = DemoCorpus.documents();
    assertTrue(it.hasNext());
    assertEquals(0, it.next().id());
    assertEquals(1, it.next().id());
    it.close();
    assertTrue(!it.hasNext(), "closed iterator reports no more documents");
  }
}
