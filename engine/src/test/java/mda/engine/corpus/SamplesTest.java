package mda.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplesTest {
    /** Documents of lengths 4, 2, 5: stream 1 2 3 4 0 5 6 0 7 8 9 10 11 (13 tokens). */
    private static TokenStore handMade(Path dir) throws IOException {
        try (TokenStoreWriter w = TokenStoreWriter.create(dir, 20)) {
            w.addDocument(new Document("d0", "s", "prose", ""), new int[] {1, 2, 3, 4});
            w.addDocument(new Document("d1", "s", "prose", ""), new int[] {5, 6});
            w.addDocument(new Document("d2", "s", "code", ""), new int[] {7, 8, 9, 10, 11});
            w.finish();
        }
        return TokenStore.open(dir);
    }

    @Test
    void windowsHaveStrideTAndShareOneBoundaryToken(@TempDir Path dir) throws IOException {
        Samples s = new Samples(handMade(dir), 4);
        assertEquals(3, s.sampleCount()); // floor((13 - 1) / 4)
        assertArrayEquals(new int[] {1, 2, 3, 4, 0}, s.sample(0));
        assertArrayEquals(new int[] {0, 5, 6, 0, 7}, s.sample(1));
        assertArrayEquals(new int[] {7, 8, 9, 10, 11}, s.sample(2));
        for (long k = 0; k + 1 < s.sampleCount(); k++) {
            int[] a = s.sample(k);
            assertEquals(a[a.length - 1], s.sample(k + 1)[0]);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> s.sample(3));
    }

    @Test
    void sampleCountIsFloorOfNMinusOneOverT(@TempDir Path dir) throws IOException {
        TokenStore store = handMade(dir);
        int[][] cases = {{1, 12}, {2, 6}, {3, 4}, {5, 2}, {6, 2}, {7, 1}, {12, 1}};
        for (int[] c : cases) {
            assertEquals(c[1], new Samples(store, c[0]).sampleCount(), "T=" + c[0]);
        }
    }

    @Test
    void spansMapWindowsBackToDocumentsAndEods(@TempDir Path dir) throws IOException {
        Samples s = new Samples(handMade(dir), 4);
        assertEquals(List.of(new Span(0, 0, 0, 4, false), new Span(0, 4, 4, 1, true)), s.spans(0));
        assertEquals(List.of(new Span(0, 4, 0, 1, true), new Span(1, 0, 1, 2, false), new Span(1, 2, 3, 1, true),
                new Span(2, 0, 4, 1, false)), s.spans(1));
        assertEquals(List.of(new Span(2, 0, 0, 5, false)), s.spans(2));
        Samples t3 = new Samples(handMade(dir.resolve("again")), 3);
        // Window 1 of T=3 is stream [3, 7): 4 | EOD | 5 6.
        assertEquals(List.of(new Span(0, 3, 0, 1, false), new Span(0, 4, 1, 1, true), new Span(1, 0, 2, 2, false)),
                t3.spans(1));
    }

    @Test
    void spansCoverEveryWindowTokenOfASyntheticCorpus(@TempDir Path dir) throws IOException {
        TokenStore store = SyntheticCorpus.writeStore(dir,
                SyntheticCorpus.Params.defaults(64, 30).withLengths(3, 20), 5);
        Samples s = new Samples(store, 16);
        for (long k = 0; k < s.sampleCount(); k++) {
            int[] window = s.sample(k);
            int covered = 0;
            for (Span sp : s.spans(k)) {
                assertEquals(covered, sp.windowOffset());
                DocumentInfo doc = store.document(sp.docIndex());
                for (int j = 0; j < sp.length(); j++) {
                    int expected = sp.eod() ? 0 : store.token(doc.start() + sp.docOffset() + j);
                    assertEquals(expected, window[sp.windowOffset() + j], "sample " + k);
                }
                covered += sp.length();
            }
            assertEquals(17, covered);
        }
    }

    @Test
    void tooShortCorpusIsAClearError(@TempDir Path dir) throws IOException {
        TokenStore store = handMade(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Samples(store, 13));
        assertEquals("context 13 needs at least 14 tokens; corpus has 13 (" + dir + ")", e.getMessage());
        assertEquals(1, new Samples(store, 12).sampleCount());
    }
}
