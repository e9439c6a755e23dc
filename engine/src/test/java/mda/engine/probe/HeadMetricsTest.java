package mda.engine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntBinaryOperator;
import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Oracle O9: hand-built attention patterns on RRT. */
class HeadMetricsTest {
    private static int[][] rrt(int n, int r, boolean bos) {
        return EvalSets.repeatedRandomTokens(n, r, bos, 1000, 1, new SplitMix64(5));
    }

    /** [n][T][T] pattern whose row i puts weight weight(i, j) on key j (caller keeps rows causal). */
    private static float[] pattern(int n, int t, java.util.function.BiFunction<Integer, Integer, Double> weight) {
        float[] att = new float[n * t * t];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j <= i; j++) {
                    att[(s * t + i) * t + j] = weight.apply(i, j).floatValue();
                }
            }
        }
        return att;
    }

    /** One-hot rows: row i attends only to key pick(s, i). */
    private static float[] oneHot(int[][] tokens, IntBinaryOperator pick) {
        int t = tokens[0].length;
        float[] att = new float[tokens.length * t * t];
        for (int s = 0; s < tokens.length; s++) {
            for (int i = 0; i < t; i++) {
                att[(s * t + i) * t + pick.applyAsInt(s, i)] = 1f;
            }
        }
        return att;
    }

    @ParameterizedTest
    @CsvSource({"false", "true"})
    void perfectInductionPatternScoresOneAndHasNoPreviousTokenWeight(boolean bos) {
        int[][] tokens = rrt(3, 4, bos);
        int off = bos ? 1 : 0;
        // Second-copy rows attend to prev(i)+1; all other rows attend to themselves.
        float[] att = oneHot(tokens, (s, i) -> i >= off + 4 ? i - 4 + 1 : i);
        for (double v : HeadMetrics.induction(att, tokens)) {
            assertEquals(1.0, v, 0);
        }
        for (double v : HeadMetrics.previousToken(att, tokens, bos)) {
            assertEquals(0.0, v, 0);
        }
    }

    @ParameterizedTest
    @CsvSource({"4, false, 0.158631", "4, true, 0.136409", "8, false, 0.082859", "8, true, 0.076323"})
    void uniformCausalAttentionMatchesOracle(int r, boolean bos, double expected) {
        int[][] tokens = rrt(2, r, bos);
        int t = tokens[0].length;
        float[] att = pattern(2, t, (i, j) -> 1.0 / (i + 1));
        double[] ind = HeadMetrics.induction(att, tokens);
        assertEquals(expected, ind[0], 1e-6);
        assertEquals(expected, ind[1], 1e-6);
        assertEquals(expected, HeadMetrics.mean(ind), 1e-6);
    }

    @ParameterizedTest
    @CsvSource({"3, false", "4, false", "8, true"})
    void purePreviousTokenPatternGivesPrevOneAndInductionZero(int r, boolean bos) {
        int[][] tokens = rrt(2, r, bos);
        float[] att = oneHot(tokens, (s, i) -> Math.max(0, i - 1));
        for (double v : HeadMetrics.previousToken(att, tokens, bos)) {
            assertEquals(1.0, v, 0);
        }
        for (double v : HeadMetrics.induction(att, tokens)) {
            assertEquals(0.0, v, 0);
        }
    }

    @Test
    void previousTokenSkipsTheRowAfterBos() {
        int[][] tokens = rrt(1, 4, true);
        int t = tokens[0].length; // 9
        // Row 1 attends to BOS (= i-1) but must not count; rows 2..8 attend to i-1 with weight 0.5.
        float[] att = pattern(1, t, (i, j) -> i == 1 ? (j == 0 ? 1.0 : 0.0) : (j == i - 1 ? 0.5 : 0.0));
        assertEquals(0.5, HeadMetrics.previousToken(att, tokens, true)[0], 1e-7);
        assertEquals((1.0 + 7 * 0.5) / 8, HeadMetrics.previousToken(att, tokens, false)[0], 1e-7);
    }

    @Test
    void duplicateTokenPatternAttendsToPreviousOccurrence() {
        int[][] tokens = rrt(2, 6, false);
        float[] att = oneHot(tokens, (s, i) -> i >= 6 ? i - 6 : 0);
        for (double v : HeadMetrics.duplicateToken(att, tokens)) {
            assertEquals(1.0, v, 0);
        }
        for (double v : HeadMetrics.induction(att, tokens)) {
            assertEquals(0.0, v, 0);
        }
    }

    @Test
    void naturalTextWithoutRepeatsIsNaNAndSkippedByMean() {
        int[][] tokens = {{1, 2, 3, 4}, {1, 2, 1, 2}};
        // Row i attends uniformly to keys 0..i.
        float[] att = pattern(2, 4, (i, j) -> 1.0 / (i + 1));
        double[] ind = HeadMetrics.induction(att, tokens);
        assertTrue(Double.isNaN(ind[0]));
        // Sequence 2: queries 2 (target 1) and 3 (target 2): (1/3 + 1/4)/2.
        assertEquals((1.0 / 3 + 1.0 / 4) / 2, ind[1], 1e-7);
        assertEquals(ind[1], HeadMetrics.mean(ind), 0);
        assertTrue(Double.isNaN(HeadMetrics.mean(new double[] {Double.NaN})));
    }

    @Test
    void rejectsMismatchedShapes() {
        int[][] tokens = {{1, 2, 1}};
        assertThrows(IllegalArgumentException.class, () -> HeadMetrics.induction(new float[8], tokens));
        assertThrows(IllegalArgumentException.class,
                () -> HeadMetrics.induction(new float[18], new int[][] {{1, 2, 1}, {1, 2}}));
    }
}
