package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Agreement of two attributions on hand-built score files whose ranks and overlaps are counted by hand. */
class AttributionAgreementTest {
    private static AttributionScores scores(int[] ids, float... s) {
        return new AttributionScores(ids, s, new float[s.length]);
    }

    @Test
    void aHandCountedExampleOnTheSharedSamplesOnly() {
        // shared ids 2..5: A scores 4 3 2 1, B scores 1 5 2 3; ranks differ by 3, −1, 0, −2: ρ = 1 − 6·14/(4·15)
        AttributionScores a = scores(new int[] {1, 2, 3, 4, 5}, 5, 4, 3, 2, 1);
        AttributionScores b = scores(new int[] {2, 3, 4, 5, 6}, 1, 5, 2, 3, 9);
        AttributionAgreement g = AttributionAgreement.of(a, b, new double[] {0.5});
        assertEquals(4, g.shared());
        assertEquals(-0.4, g.spearman(), 1e-12);
        assertEquals(1.0, g.sameSign(), 0.0);
        AttributionAgreement.Level l = g.levels().get(0);
        assertEquals(2, l.k());
        assertEquals(1, l.topShared(), "A's top {2, 3}, B's top {3, 5}");
        assertEquals(1, l.bottomShared(), "A's bottom {4, 5}, B's bottom {2, 4}");
        assertEquals(0.5, l.chance(), 0.0);
    }

    @Test
    void identicalScoresAgreeFullyAndNegatedOnesNotAtAll() {
        int n = 200;
        int[] ids = new int[n];
        float[] s = new float[n];
        float[] neg = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 3 * i + 1;
            s[i] = (float) Math.sin(i * 1.7 + 0.3) * (i + 1); // never 0
            neg[i] = -s[i];
        }
        AttributionAgreement same = AttributionAgreement.of(scores(ids, s), scores(ids, s.clone()));
        assertEquals(1.0, same.spearman(), 1e-12);
        assertEquals(1.0, same.pearson(), 1e-12);
        for (AttributionAgreement.Level l : same.levels()) {
            assertEquals(1.0, l.topOverlap(), 0.0);
            assertEquals(1.0, l.bottomOverlap(), 0.0);
        }
        assertEquals(2, same.levels().get(0).k(), "1% of 200");
        AttributionAgreement opposite = AttributionAgreement.of(scores(ids, s), scores(ids, neg));
        assertEquals(-1.0, opposite.spearman(), 1e-12);
        assertEquals(0.0, opposite.sameSign(), 0.0);
        for (AttributionAgreement.Level l : opposite.levels()) {
            assertEquals(0, l.topShared());
        }
        assertTrue(opposite.toJson(1, 2).contains("\"against\": 2"));
    }

    @Test
    void attributionsWithoutSharedSamplesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttributionAgreement.of(
                scores(new int[] {1, 2}, 1, 2), scores(new int[] {3, 4}, 1, 2)));
        assertTrue(e.getMessage().contains("share 0 scored samples"), e.getMessage());
    }
}
