package mda.app.ui.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The scores the Attention screen and {@code mda attention} state, on hand-built patterns. */
class AttentionMapTest {
    private static AttentionMap map(int[] ids, double[][] w) {
        String[] labels = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            labels[i] = i + " t" + ids[i];
        }
        return new AttentionMap(1, 10, 1, 0, ids, labels, w);
    }

    @Test
    void aPerfectInductionHeadOnARepeatScoresOne() {
        // tokens a b c a b c; rows 1 and 2 look at the previous token, rows 3..5 at the token after the earlier copy
        int[] ids = {3, 7, 9, 3, 7, 9};
        double[][] w = new double[6][6];
        w[0][0] = 1;
        w[1][0] = 1;
        w[2][1] = 1;
        w[3][1] = 1;
        w[4][2] = 1;
        w[5][3] = 1;
        AttentionMap m = map(ids, w);
        assertEquals(1.0, m.induction(), 1e-12);
        assertEquals(2.0 / 5.0, m.previousToken(), 1e-12, "rows 1 and 2 of rows 1..5");
    }

    @Test
    void uniformAttentionGivesTheMeanOfOneOverRowLength() {
        int[] ids = {3, 7, 3, 7};
        double[][] w = new double[4][4];
        for (int q = 0; q < 4; q++) {
            for (int k = 0; k <= q; k++) {
                w[q][k] = 1.0 / (q + 1);
            }
        }
        AttentionMap m = map(ids, w);
        assertEquals((1.0 / 3 + 1.0 / 4) / 2, m.induction(), 1e-7, "queries 2 and 3");
        assertEquals((1.0 / 2 + 1.0 / 3 + 1.0 / 4) / 3, m.previousToken(), 1e-7);
    }

    @Test
    void noRepeatedTokenHasNoInductionScore() {
        double[][] w = {{1, 0, 0}, {0.5, 0.5, 0}, {0.2, 0.3, 0.5}};
        AttentionMap m = map(new int[] {1, 2, 3}, w);
        assertTrue(Double.isNaN(m.induction()));
        assertEquals((0.5 + 0.3) / 2, m.previousToken(), 1e-7);
    }
}
