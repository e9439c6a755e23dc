package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import mda.app.ui.samples.TopRows;
import mda.engine.attribution.AttributionData;
import mda.engine.attribution.TopSamples;
import mda.engine.store.Project;
import org.junit.jupiter.api.Test;

/** The Samples screen's heap top-k gives exactly the engine's full-sort ranking, ties and NaN included. */
class TopRowsTest {
    @Test
    void orderEqualsAStableFullSortWithTiesAndNaN() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + rnd.nextInt(400);
            float[] sc = new float[n];
            for (int i = 0; i < n; i++) {
                sc[i] = rnd.nextInt(10) == 0 ? Float.NaN : rnd.nextInt(7) - 3; // many ties
            }
            for (boolean bottom : new boolean[] {false, true}) {
                int k = 1 + rnd.nextInt(n + 5);
                Integer[] all = new Integer[n];
                for (int i = 0; i < n; i++) {
                    all[i] = i;
                }
                Comparator<Integer> c = bottom ? (a, b) -> Float.compare(sc[a], sc[b])
                        : (a, b) -> Float.compare(sc[b], sc[a]);
                Arrays.sort(all, c); // stable: ties keep index order, as TopSamples does
                int[] expected = Arrays.stream(all).limit(k).mapToInt(Integer::intValue).toArray();
                assertArrayEquals(expected, TopRows.order(sc, k, bottom), "trial " + trial + " bottom " + bottom);
            }
        }
    }

    @Test
    void rowsEqualTheEngineRanking() throws Exception {
        try (Project p = Project.open(GuiTestBase.project())) {
            long id = p.attributions().forRun(p.runs().byName(TinyGuiProject.RUN).orElseThrow().id()).get(0).id();
            AttributionData d = AttributionData.open(p, id);
            for (boolean bottom : new boolean[] {false, true}) {
                List<TopSamples.Row> expected = TopSamples.of(d, 25, bottom);
                List<TopSamples.Row> got = TopRows.of(d, 25, bottom);
                assertEquals(expected.size(), got.size());
                for (int i = 0; i < expected.size(); i++) {
                    TopSamples.Row e = expected.get(i);
                    TopSamples.Row g = got.get(i);
                    assertEquals(e.rank(), g.rank());
                    assertEquals(e.sampleId(), g.sampleId(), "rank " + e.rank());
                    assertEquals(e.score(), g.score());
                    assertEquals(e.category(), g.category());
                    assertEquals(e.repeat(), g.repeat());
                    assertArrayEquals(e.repeatTokens(), g.repeatTokens());
                    assertArrayEquals(e.tokens(), g.tokens());
                    assertArrayEquals(e.contributions(), g.contributions());
                }
            }
        }
    }
}
