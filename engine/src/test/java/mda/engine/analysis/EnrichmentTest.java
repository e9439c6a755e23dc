package mda.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrichmentTest {
    @Test
    void countsTableMatchesScipyFisherAndHypergeometric() {
        // 400 samples, 48 LaTeX, top 20 holds 8 of them: table [[8, 12], [40, 340]].
        Enrichment e = Enrichment.fromCounts(400, 48, 20, 8);
        assertEquals(0.4, e.topShare(), 1e-15);
        assertEquals(0.12, e.baseRate(), 1e-15);
        assertEquals(0.4 / 0.12, e.ratio(), 1e-12);
        assertEquals(5.666666666666667, e.oddsRatio(), 1e-12);
        assertEquals(0.0009964249384577675, e.pEnriched(), 1e-13);
        assertEquals(0.0009964249384577675, e.pTwoSided(), 1e-13);
    }

    @Test
    void categoryTableFromScoresOnHandMadeData() {
        double[] scores = new double[20];
        String[] cats = new String[20];
        for (int i = 0; i < 20; i++) {
            scores[i] = 20 - i;
            cats[i] = "prose";
        }
        // Top 3 = indices 0..2 with two LaTeX; three more LaTeX further down: table [[2, 1], [3, 14]].
        cats[0] = "latex";
        cats[2] = "latex";
        cats[7] = "latex";
        cats[11] = "latex";
        cats[19] = "latex";
        Map<String, Enrichment> table = Enrichment.table(scores, cats, 3);
        Enrichment latex = table.get("latex");
        assertEquals(2, latex.hitsTop());
        assertEquals(5, latex.hitsTotal());
        assertEquals(9.333333333333334, latex.oddsRatio(), 1e-12);
        assertEquals(0.14035087719298245, latex.pEnriched(), 1e-13); // scipy.stats.hypergeom.sf(1, 20, 5, 3)
        assertEquals(0.14035087719298245, latex.pTwoSided(), 1e-13); // scipy.stats.fisher_exact
        assertEquals(1, table.get("prose").hitsTop());
        boolean[] isLatex = new boolean[20];
        for (int i = 0; i < 20; i++) {
            isLatex[i] = cats[i].equals("latex");
        }
        assertEquals(latex, Enrichment.ofProperty(scores, isLatex, 3));
    }

    @Test
    void topIndicesBreakTiesByIndex() {
        assertArrayEquals(new int[] {1, 3, 0}, Enrichment.topIndices(new double[] {2, 5, 1, 5}, 3));
    }

    @Test
    void rejectsInconsistentCounts() {
        assertThrows(IllegalArgumentException.class, () -> Enrichment.fromCounts(10, 3, 5, 4));
        assertThrows(IllegalArgumentException.class, () -> Enrichment.fromCounts(10, 8, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> Enrichment.topIndices(new double[] {1}, 2));
    }
}
