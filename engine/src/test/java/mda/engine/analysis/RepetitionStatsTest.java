package mda.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;

class RepetitionStatsTest {
    @Test
    void ipfOfPeriodicSequenceMatchesOracleO16() {
        int[] x = {7, 8, 9, 7, 8, 9, 7, 8, 9};
        RepetitionStats r = RepetitionStats.of(x, new RepetitionStats.Options(3, 3, 3));
        assertEquals(5.0 / 8, r.ipf1().fraction(), 1e-15);
        assertEquals(4.0 / 7, r.ipf2().fraction(), 1e-15);
        assertEquals(7, r.ipf2().positions());
        // Every match is at distance 3: all long-range for D = 3.
        assertEquals(3, r.ipf2().medianDistance());
        assertEquals(4.0 / 7, r.ipf2().longRangeFraction(), 1e-15);
        assertEquals(0.0, RepetitionStats.ipf(x, 2, 4).longRangeFraction());
        assertEquals(new SuffixArray.Repeat(6, 0, 3), r.longestRepeat());
        assertEquals(3, r.longestNonOverlapping().length());
        assertEquals(1.0, r.coverage(), 1e-15);
        assertEquals(1.0, r.bigramRep(), 1e-15);
        assertEquals(List.of(new RepeatedSpans.Span(0, 3, 3), new RepeatedSpans.Span(3, 6, 3)), r.spans());
    }

    @Test
    void ipfMatchesBruteForceForSeveralM() {
        SplitMix64 rng = new SplitMix64(11);
        for (int trial = 0; trial < 100; trial++) {
            int n = 2 + rng.nextInt(200);
            int[] x = new int[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextInt(2 + trial % 6);
            }
            for (int m = 1; m <= 4; m++) {
                RepetitionStats.Ipf ipf = RepetitionStats.ipf(x, m, 10);
                int[] brute = bruteIpf(x, m, 10);
                assertEquals(brute[0], ipf.predictable(), "m=" + m);
                assertEquals(brute[1], ipf.longRange(), "m=" + m);
                assertEquals(Math.max(0, n - m), ipf.positions());
            }
        }
    }

    @Test
    void coverageBigramsAndSpansOnHandMadeSequence() {
        // A repeated 4-gram [1,2,3,4] at 0 and 7, with unique tokens between and after.
        int[] x = {1, 2, 3, 4, 10, 11, 12, 1, 2, 3, 4, 13};
        RepetitionStats r = RepetitionStats.of(x, new RepetitionStats.Options(4, 64, 4));
        assertEquals(8.0 / 12, r.coverage(), 1e-15);
        assertEquals(6.0 / 11, r.bigramRep(), 1e-15);
        assertEquals(List.of(new RepeatedSpans.Span(0, 7, 4)), r.spans());
        assertEquals(7, r.longestRepeat().distance());
        // IPF_2: t = 8, 9 predictable (bigrams (1,2),(2,3) seen 7 back with the same next token); t = 10 is not.
        assertEquals(2, r.ipf2().predictable());
        assertEquals(0, RepetitionStats.of(x, new RepetitionStats.Options(5, 64, 5)).spans().size());
        assertEquals(0.0, RepetitionStats.of(x, new RepetitionStats.Options(5, 64, 5)).coverage());
    }

    @Test
    void spansAreNonOverlappingAndGenuineOnRandomText() {
        SplitMix64 rng = new SplitMix64(3);
        int[] x = new int[2049];
        for (int i = 0; i < x.length; i++) {
            x[i] = i >= 300 && rng.nextInt(4) > 0 ? x[i - 300] : rng.nextInt(20);
        }
        List<RepeatedSpans.Span> spans = RepeatedSpans.find(x, 6);
        assertTrue(spans.size() > 5);
        int lastEnd = 0;
        for (RepeatedSpans.Span s : spans) {
            assertTrue(s.length() >= 6 && s.firstStart() + s.length() <= s.secondStart(), s.toString());
            assertTrue(s.secondStart() >= lastEnd, "second occurrences overlap");
            lastEnd = s.secondStart() + s.length();
            for (int k = 0; k < s.length(); k++) {
                assertEquals(x[s.firstStart() + k], x[s.secondStart() + k]);
            }
        }
    }

    @Test
    void quantileInterpolatesLikeNumpy() {
        assertEquals(2.5, RepetitionStats.quantile(new int[] {1, 2, 3, 4}, 0.5), 1e-15);
        assertEquals(3.7, RepetitionStats.quantile(new int[] {1, 2, 3, 4}, 0.9), 1e-12);
        assertTrue(Double.isNaN(RepetitionStats.quantile(new int[0], 0.5)));
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new RepetitionStats.Options(0, 64, 8));
        assertThrows(IllegalArgumentException.class, () -> RepetitionStats.ipf(new int[] {1, 2}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> RepeatedSpans.find(new int[] {1}, 0));
    }

    /** {predictable, longRange} by scanning back for the most recent equal m-gram. */
    static int[] bruteIpf(int[] x, int m, int minDistance) {
        int predictable = 0;
        int longRange = 0;
        for (int t = m - 1; t <= x.length - 2; t++) {
            for (int j = t - 1; j >= m - 1; j--) {
                boolean same = true;
                for (int k = 0; k < m && same; k++) {
                    same = x[j - k] == x[t - k];
                }
                if (same) {
                    if (x[j + 1] == x[t + 1]) {
                        predictable++;
                        longRange += t - j >= minDistance ? 1 : 0;
                    }
                    break;
                }
            }
        }
        return new int[] {predictable, longRange};
    }
}
