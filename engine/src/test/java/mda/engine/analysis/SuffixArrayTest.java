package mda.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;

class SuffixArrayTest {
    /** b=1, a=0, n=2: "banana". */
    static final int[] BANANA = {1, 0, 2, 0, 2, 0};

    @Test
    void bananaMatchesOracleO16() {
        SuffixArray sa = SuffixArray.of(BANANA);
        assertArrayEquals(new int[] {5, 3, 1, 0, 4, 2}, sa.sa());
        assertArrayEquals(new int[] {0, 1, 3, 0, 0, 2}, sa.lcp());
        SuffixArray.Repeat lrs = sa.longestRepeat();
        assertEquals(new SuffixArray.Repeat(3, 1, 3), lrs);
        assertEquals(2, lrs.distance());
        // Non-overlapping: "an"/"na" of length 2 at distance 2.
        assertEquals(2, sa.longestNonOverlappingRepeat().length());
    }

    @Test
    void matchesNaiveSortOnRandomSequences() {
        SplitMix64 rng = new SplitMix64(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(60);
            int alphabet = 1 + rng.nextInt(trial % 2 == 0 ? 3 : 50);
            int[] s = new int[n];
            for (int i = 0; i < n; i++) {
                s[i] = rng.nextInt(alphabet) * (trial % 3 == 0 ? -7 : 1000);
            }
            SuffixArray sa = SuffixArray.of(s);
            int[] naive = naiveSa(s);
            assertArrayEquals(naive, sa.sa(), Arrays.toString(s));
            int[] lcp = sa.lcp();
            assertEquals(0, lcp[0]);
            for (int i = 1; i < n; i++) {
                assertEquals(naiveLcp(s, naive[i], naive[i - 1]), lcp[i]);
            }
        }
    }

    @Test
    void handlesEmptyAndConstantSequences() {
        assertEquals(0, SuffixArray.of(new int[0]).sa().length);
        assertEquals(new SuffixArray.Repeat(0, -1, -1), SuffixArray.of(new int[] {1, 2, 3}).longestRepeat());
        SuffixArray sa = SuffixArray.of(new int[] {4, 4, 4, 4, 4});
        assertArrayEquals(new int[] {4, 3, 2, 1, 0}, sa.sa());
        assertEquals(new SuffixArray.Repeat(4, 0, 1), sa.longestRepeat());
        // The spec's non-overlapping version only looks at adjacent suffixes, which here are 1 apart.
        assertEquals(1, sa.longestNonOverlappingRepeat().length());
    }

    @Test
    void buildsA100kSequenceQuicklyAndSorted() {
        SplitMix64 rng = new SplitMix64(7);
        int n = 100_000;
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            // Low-entropy text with long repeats: copies of a 500-token block with a few edits.
            s[i] = i < 500 ? rng.nextInt(50) : (rng.nextInt(100) == 0 ? rng.nextInt(50) : s[i - 500]);
        }
        long t0 = System.nanoTime();
        SuffixArray sa = SuffixArray.of(s);
        double secs = (System.nanoTime() - t0) / 1e9;
        assertTrue(secs < 3, "took " + secs + " s");
        int[] order = sa.sa();
        int[] lcp = sa.lcp();
        for (int i = 1; i < n; i++) {
            int a = order[i - 1];
            int b = order[i];
            int h = lcp[i];
            // Adjacent suffixes agree on h tokens and then b is larger (or a ended).
            assertTrue(a + h == n || (b + h < n && s[b + h] > s[a + h]), "order at " + i);
            assertTrue(h == 0 || s[a + h - 1] == s[b + h - 1]);
        }
    }

    static int[] naiveSa(int[] s) {
        Integer[] idx = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Arrays.compare(s, a, s.length, s, b, s.length));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    static int naiveLcp(int[] s, int a, int b) {
        int h = 0;
        while (a + h < s.length && b + h < s.length && s[a + h] == s[b + h]) {
            h++;
        }
        return h;
    }
}
