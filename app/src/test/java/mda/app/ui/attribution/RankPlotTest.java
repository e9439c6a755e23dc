package mda.app.ui.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mda.engine.analysis.PowerLawResult;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** The rank plot of both tails (spec §4.1): ranks, values, thinning, and the fitted line's slope. */
class RankPlotTest {
    @Test
    void eachTailByRankWithTheFittedSlope() {
        double[] scores = {3, -0.5, 1, -2, 2, 0};
        PowerLawResult fit = new PowerLawResult(3.0, 1.0, 0.1, 0.05, 3, 3, Double.NaN, 0, 1, 0, 1);
        XYSeriesCollection c = AttributionFigures.rank(scores, fit, null);
        assertEquals(3, c.getSeriesCount(), "positive, negative, the positive fit");
        XYSeries pos = c.getSeries(0);
        assertEquals(3, pos.getItemCount());
        for (int r = 1; r <= 3; r++) {
            assertEquals(r, pos.getX(r - 1).intValue());
            assertEquals(4 - r, pos.getY(r - 1).doubleValue(), 0.0, "3, 2, 1 by rank");
        }
        XYSeries neg = c.getSeries(1);
        assertEquals(2.0, neg.getY(0).doubleValue(), 0.0);
        assertEquals(0.5, neg.getY(1).doubleValue(), 0.0);
        XYSeries line = c.getSeries(2);
        assertTrue(line.getKey().toString().contains("−1/(α−1) = -0.500"), line.getKey().toString());
        // x(r) = x_min (r / n_tail)^(−1/(α−1)): 1 at rank n_tail, √3 at rank 1
        assertEquals(Math.sqrt(3), line.getY(0).doubleValue(), 1e-12);
        assertEquals(1.0, line.getY(line.getItemCount() - 1).doubleValue(), 1e-12);
    }

    @Test
    void aMillionScoresDrawInAFewThousandPointsEndingAtTheLastRank() {
        double[] scores = new double[1_000_000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i + 1;
        }
        XYSeries pos = AttributionFigures.rank(scores, null, null).getSeries(0);
        assertTrue(pos.getItemCount() < 6_000, "points: " + pos.getItemCount());
        for (int r = 1; r <= AttributionFigures.RANK_DENSE; r++) {
            assertEquals(r, pos.getX(r - 1).intValue(), "every early rank");
            assertEquals(1_000_001 - r, pos.getY(r - 1).doubleValue(), 0.0);
        }
        assertEquals(1_000_000, pos.getX(pos.getItemCount() - 1).intValue());
        assertEquals(1.0, pos.getY(pos.getItemCount() - 1).doubleValue(), 0.0);
    }
}
