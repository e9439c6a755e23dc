package mda.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCorpusTest {
    private static final SyntheticCorpus.Params PARAMS = SyntheticCorpus.Params.defaults(512, 200);

    @Test
    void sameSeedGivesIdenticalCorpusAndOtherSeedDiffers() {
        List<SyntheticCorpus.Item> a = SyntheticCorpus.generate(PARAMS, 42);
        List<SyntheticCorpus.Item> b = SyntheticCorpus.generate(PARAMS, 42);
        List<SyntheticCorpus.Item> c = SyntheticCorpus.generate(PARAMS, 43);
        assertEquals(a.size(), b.size());
        boolean anyDiff = false;
        for (int d = 0; d < a.size(); d++) {
            assertEquals(a.get(d).document(), b.get(d).document());
            assertArrayEquals(a.get(d).tokens(), b.get(d).tokens());
            anyDiff |= !Arrays.equals(a.get(d).tokens(), c.get(d).tokens());
        }
        assertTrue(anyDiff);
    }

    @Test
    void plantedFractionIsRespectedAndIdsAreInVocabWithoutEod() {
        List<SyntheticCorpus.Item> items = SyntheticCorpus.generate(PARAMS, 1);
        long planted = items.stream().filter(i -> i.document().category().equals(Document.PLANTED_REPEAT)).count();
        assertEquals(10, planted); // round(0.05 * 200)
        assertEquals(200 - 10, items.stream().filter(i -> i.document().category().equals(Document.SYNTHETIC)).count());
        assertEquals(0, SyntheticCorpus.generate(PARAMS.withPlantedFraction(0), 1).stream()
                .filter(i -> i.document().category().equals(Document.PLANTED_REPEAT)).count());
        assertEquals(37, SyntheticCorpus.generate(PARAMS.withPlantedFraction(0.185), 1).stream()
                .filter(i -> i.document().category().equals(Document.PLANTED_REPEAT)).count());
        SyntheticTokenizer tok = SyntheticCorpus.tokenizer(PARAMS);
        for (SyntheticCorpus.Item item : items) {
            for (int t : item.tokens()) {
                assertTrue(t >= 1 && t < 512, "token " + t);
            }
            assertArrayEquals(item.tokens(), tok.encode(item.document().text()));
        }
    }

    @Test
    void plantedDocumentsHaveLongRepeatsAndNormalOnesShortOnes() {
        List<SyntheticCorpus.Item> items = SyntheticCorpus.generate(PARAMS, 2);
        int normalLong = 0;
        int normal = 0;
        for (SyntheticCorpus.Item item : items) {
            int lrs = longestRepeat(item.tokens());
            if (item.document().category().equals(Document.PLANTED_REPEAT)) {
                assertTrue(lrs >= 20, "planted document " + item.document().id() + " has LRS " + lrs);
                assertTrue(item.tokens().length >= 60, "planted document is long");
            } else {
                normal++;
                normalLong += lrs >= 20 ? 1 : 0;
            }
        }
        // Chance copies of copies can exceed 20 now and then, but not in most normal documents.
        assertTrue(normalLong < normal / 10, normalLong + " of " + normal + " normal docs have LRS >= 20");
    }

    @Test
    void copyFreeDocumentsHoldNoRepeatsAndTheirCountIsExact() {
        SyntheticCorpus.Params all = new SyntheticCorpus.Params(512, 200, 32, 96, 0.05, 0.01, 0.0, 0.3, 24, 20, 40,
                3, 6);
        SyntheticCorpus.Params some = new SyntheticCorpus.Params(512, 200, 32, 96, 0.05, 0.01, 0.0, 0.3, 24, 20, 40,
                3, 6, 0.4);
        assertEquals(80, some.copyFreeCount());
        assertEquals(0, all.copyFreeCount());
        assertEquals(0, withoutRepeats(SyntheticCorpus.generate(all, 4)), "every ordinary document copies");
        assertEquals(80, withoutRepeats(SyntheticCorpus.generate(some, 4)), "exactly the copy-free ones do not");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyntheticCorpus.Params(
                512, 200, 32, 96, 0.05, 0.01, 0.0, 0.3, 24, 20, 40, 3, 6, 0.99));
        assertTrue(e.getMessage().contains("copyFreeFraction"), e.getMessage());
    }

    /** Ordinary documents with no repeated 4-gram (every copy is 4 or longer; by chance one is unlikely at 512 ids). */
    private static int withoutRepeats(List<SyntheticCorpus.Item> items) {
        int n = 0;
        for (SyntheticCorpus.Item item : items) {
            if (!item.document().category().equals(Document.PLANTED_REPEAT) && repeatGaps(item.tokens(), 4).isEmpty()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void normalDocumentsRepeatSpansAtManyDifferentGaps() {
        List<SyntheticCorpus.Item> items = SyntheticCorpus.generate(PARAMS.withPlantedFraction(0), 3);
        Set<Integer> gaps = new HashSet<>();
        int docsWithRepeat = 0;
        for (SyntheticCorpus.Item item : items) {
            Set<Integer> docGaps = repeatGaps(item.tokens(), 6);
            gaps.addAll(docGaps);
            docsWithRepeat += docGaps.isEmpty() ? 0 : 1;
        }
        assertTrue(docsWithRepeat > items.size() / 2, docsWithRepeat + " of " + items.size() + " docs repeat a 6-gram");
        assertTrue(gaps.size() >= 50, "only " + gaps.size() + " distinct repeat gaps");
    }

    @Test
    void writeToProducesTheSameDocumentsInAStore(@TempDir Path dir) throws IOException {
        SyntheticCorpus.Params p = SyntheticCorpus.Params.defaults(100, 25).withPlantedFraction(0.2);
        TokenStore store = SyntheticCorpus.writeStore(dir, p, 9);
        List<SyntheticCorpus.Item> items = SyntheticCorpus.generate(p, 9);
        assertEquals(25, store.documentCount());
        for (int d = 0; d < items.size(); d++) {
            DocumentInfo info = store.document(d);
            Document doc = items.get(d).document();
            assertEquals(doc.id(), info.id());
            assertEquals(doc.category(), info.category());
            int[] got = new int[info.length()];
            store.read(info.start(), got, got.length);
            assertArrayEquals(items.get(d).tokens(), got);
        }
    }

    @Test
    void syntheticTokenizerLabelsIdsAndSavesItsVocab(@TempDir Path dir) throws IOException {
        SyntheticTokenizer tok = new SyntheticTokenizer(20);
        assertEquals("t12", tok.tokenString(12));
        assertEquals("t3 t19 t1", tok.decode(new int[] {3, 19, 1}));
        assertArrayEquals(new int[] {3, 19, 1}, tok.encode(" t3  t19\nt1 "));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> tok.encode("t3 t20"));
        assertTrue(bad.getMessage().contains("t20"));
        Path f = dir.resolve("syn.json");
        tok.save(f);
        Tokenizer loaded = Tokenizer.load(f);
        assertEquals("synthetic", loaded.kind());
        assertEquals(20, loaded.vocabSize());
    }

    @Test
    void invalidParamsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PARAMS.withPlantedFraction(1.5));
        assertTrue(e.getMessage().contains("plantedFraction") && e.getMessage().contains("1.5"));
        assertFalse(assertThrows(IllegalArgumentException.class, () -> PARAMS.withLengths(10, 5)).getMessage()
                .isEmpty());
    }

    /** Longest substring occurring at two different positions (naive, O(n²·L); documents are short). */
    static int longestRepeat(int[] t) {
        int best = 0;
        for (int i = 0; i < t.length; i++) {
            for (int j = i + 1; j < t.length; j++) {
                int k = 0;
                while (j + k < t.length && t[i + k] == t[j + k]) {
                    k++;
                }
                best = Math.max(best, k);
            }
        }
        return best;
    }

    /** Distances between consecutive occurrences of each repeated n-gram. */
    private static Set<Integer> repeatGaps(int[] t, int n) {
        Map<String, Integer> last = new HashMap<>();
        Set<Integer> gaps = new HashSet<>();
        for (int i = 0; i + n <= t.length; i++) {
            String key = Arrays.toString(Arrays.copyOfRange(t, i, i + n));
            Integer prev = last.put(key, i);
            if (prev != null) {
                gaps.add(i - prev);
            }
        }
        return gaps;
    }
}
