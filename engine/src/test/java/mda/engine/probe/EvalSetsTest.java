package mda.engine.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;

class EvalSetsTest {
    @Test
    void rrtHasBosThenRDistinctUsableIdsThenTheSameCopy() {
        int r = 8;
        int[][] seqs = EvalSets.repeatedRandomTokens(5, r, true, 50, 1, new SplitMix64(7));
        assertEquals(5, seqs.length);
        for (int[] s : seqs) {
            assertEquals(2 * r + 1, s.length);
            assertEquals(0, s[0]);
            Set<Integer> ids = new HashSet<>();
            for (int k = 0; k < r; k++) {
                assertTrue(s[1 + k] >= 1 && s[1 + k] < 50, "id " + s[1 + k]);
                ids.add(s[1 + k]);
                assertEquals(s[1 + k], s[1 + r + k]);
            }
            assertEquals(r, ids.size(), "first copy must hold R distinct ids");
        }
        // Different sequences are different draws.
        assertTrue(!Arrays.equals(seqs[0], seqs[1]));
    }

    @Test
    void rrtWithoutBosDrawingTheWholePoolIsAPermutation() {
        int[][] seqs = EvalSets.repeatedRandomTokens(1, 46, false, 50, 4, new SplitMix64(3));
        int[] first = Arrays.copyOfRange(seqs[0], 0, 46);
        int[] sorted = first.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < 46; k++) {
            assertEquals(4 + k, sorted[k]);
        }
        assertArrayEquals(first, Arrays.copyOfRange(seqs[0], 46, 92));
    }

    @Test
    void rrtIsDeterministicForASeed() {
        int[][] a = EvalSets.repeatedRandomTokens(3, 10, true, 1000, 1, new SplitMix64(11));
        int[][] b = EvalSets.repeatedRandomTokens(3, 10, true, 1000, 1, new SplitMix64(11));
        assertTrue(Arrays.deepEquals(a, b));
    }

    @Test
    void rrtRejectsTooSmallPoolAndIdZero() {
        assertThrows(IllegalArgumentException.class,
                () -> EvalSets.repeatedRandomTokens(1, 10, false, 10, 1, new SplitMix64(1)));
        assertThrows(IllegalArgumentException.class,
                () -> EvalSets.repeatedRandomTokens(1, 3, false, 10, 0, new SplitMix64(1)));
    }

    @Test
    void defaultRepeatLengthFitsBosAndTwoCopies() {
        assertEquals(256, EvalSets.defaultRepeatLength(2048));
        assertEquals(63, EvalSets.defaultRepeatLength(128));
        assertEquals(7, EvalSets.defaultRepeatLength(16));
        assertEquals(1, EvalSets.defaultRepeatLength(3));
    }

    @Test
    void inductionQueriesUseTheMostRecentEarlierOccurrence() {
        EvalSets.InductionQueries q = EvalSets.inductionQueries(new int[] {5, 6, 5, 5, 7, 6});
        assertArrayEquals(new int[] {2, 3, 5}, q.positions());
        assertArrayEquals(new int[] {0, 2, 1}, q.prevs());
        assertArrayEquals(new int[] {1, 3, 2}, q.targets());
    }

    @Test
    void inductionQueriesOnRrtAreTheSecondCopyWithShiftedTargets() {
        int r = 5;
        int[] seq = EvalSets.repeatedRandomTokens(1, r, true, 100, 1, new SplitMix64(2))[0];
        EvalSets.InductionQueries q = EvalSets.inductionQueries(seq);
        assertEquals(r, q.size());
        for (int k = 0; k < r; k++) {
            assertEquals(1 + r + k, q.positions()[k]);
            assertEquals(k + 2, q.targets()[k]);
        }
    }
}
