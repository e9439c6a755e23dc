package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mda.engine.intervene.ComparisonReport;
import mda.engine.intervene.CurveLoader;
import mda.engine.intervene.RunCurve;
import org.junit.jupiter.api.Test;

/**
 * The {@code report.md} writer of {@code mda demo --full} on a small comparison built from step curves whose onsets
 * are known in closed form: a jump from 0 to 1 between checkpoints a and b crosses θ_0.5 at sqrt(a·b) (log-step
 * interpolation, spec §2.6).
 */
class DemoFullTest {
    private static final long[] STEPS = new long[101];

    static {
        for (int i = 0; i <= 100; i++) {
            STEPS[i] = 10L * i;
        }
    }

    /** A curve that is {@code lo} before {@code jumpAt} and {@code hi} from it on; never jumps when jumpAt < 0. */
    private static RunCurve step(String run, long seed, long jumpAt, double lo, double hi) {
        double[] v = new double[STEPS.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = jumpAt >= 0 && STEPS[i] >= jumpAt ? hi : lo;
        }
        return new RunCurve(run, seed, STEPS, v, null);
    }

    private static CurveLoader.Curves curves(String run, long seed, long jumpAt, double iclHi) {
        RunCurve ind = step(run, seed, jumpAt, 0, 1);
        return new CurveLoader.Curves(ind, step(run, seed, jumpAt, 0.1, iclHi), ind, 0);
    }

    @Test
    void reportHasTheOnsetRowsRatiosCensoredRunsAndIclChange() {
        List<CurveLoader.Curves> bases = new ArrayList<>();
        for (long s = 1; s <= 3; s++) {
            bases.add(curves(s == 1 ? "demo" : "demo:baseline:s" + s, s, 400, 2.0));
        }
        List<CurveLoader.Curves> top = List.of(curves("demo:remove-top-k10:s1", 1, 600, 1.5),
                curves("demo:remove-top-k10:s2", 2, 500, 1.5), curves("demo:remove-top-k10:s3", 3, -1, 1.5));
        List<CurveLoader.Curves> rand = List.of(curves("demo:remove-random-k10:s1", 1, 400, 2.0),
                curves("demo:remove-random-k10:s2", 2, 400, 2.0), curves("demo:remove-random-k10:s3", 3, 400, 2.0));
        ComparisonReport report = new ComparisonReport(1, 2, bases, List.of(
                ComparisonReport.group("demo:remove-top-k10", bases, top),
                ComparisonReport.group("demo:remove-random-k10", bases, rand)));
        DemoFull.Setup setup = new DemoFull.Setup("synthetic", "2 layers", "L1.H2 at step 700", 5000,
                List.of("remove-top-k10: 500 samples"));
        String md = DemoFull.markdown(setup, report, List.of("figures/formation.png", "figures/icl.png"));

        double base = Math.sqrt(390.0 * 400);
        double s1 = Math.sqrt(590.0 * 600);
        double s2 = Math.sqrt(490.0 * 500);
        assertRow(md, String.format(Locale.ROOT, "| demo:remove-top-k10 | 1 | %.0f | %.0f | %.0f | %.3f |", base, s1,
                s1 - base, s1 / base));
        assertRow(md, String.format(Locale.ROOT, "| demo:remove-top-k10 | 2 | %.0f | %.0f | %.0f | %.3f |", base, s2,
                s2 - base, s2 / base));
        assertRow(md, String.format(Locale.ROOT, "| demo:remove-top-k10 | 3 | %.0f | > 1000 (censored) | ≥ %.0f | "
                + "≥ %.3f |", base, 1000 - base, 1000 / base));
        assertRow(md, String.format(Locale.ROOT, "| demo:remove-random-k10 | 2 | %.0f | %.0f | 0.0 | 1.000 |", base,
                base));
        // per plan: censored ratios enter as lower bounds; the median of (1.506, 1.253, 2.532) is 1.506
        double[] r = {s1 / base, s2 / base, 1000 / base};
        double mean = (r[0] + r[1] + r[2]) / 3;
        assertRow(md, String.format(Locale.ROOT, "| demo:remove-top-k10 | %.3f, %.3f, %.3f | %.3f | %.3f ± ", r[0],
                r[1], r[2], r[0], mean));
        assertRow(md, "| 0 / 1 |");
        assertRow(md, "- `demo:remove-top-k10:s3`: never crossed θ_0.5 by step 1000");
        // ICL: gain at S falls from 2.0 to 1.5; its onset (θ = 1.05 between 0.1 and 1.5) by log-step interpolation
        double iclBase = Math.exp(Math.log(390) + (1.05 - 0.1) / (2.0 - 0.1) * Math.log(400.0 / 390));
        double icl1 = Math.exp(Math.log(590) + (1.05 - 0.1) / (1.5 - 0.1) * Math.log(600.0 / 590));
        assertRow(md, String.format(Locale.ROOT, "| demo:remove-top-k10 | 1 | 2.000 | 1.500 | -0.500 | %.3f |",
                icl1 / iclBase));
        assertRow(md, "| demo:remove-random-k10 | 3 | 2.000 | 2.000 | +0.000 | 1.000 |");
        assertRow(md, "![figures/formation.png](figures/formation.png)");
        assertRow(md, "n_W = 5000 candidate samples");
        assertRow(md, "- plans at k = 10% of n_W, 3 seeds each");
        assertTrue(!md.contains("demo:remove-random-k10:s"), "no random run is censored:\n" + md);
    }

    private static void assertRow(String md, String row) {
        assertTrue(md.contains(row), "missing: " + row + "\n--- report ---\n" + md);
    }
}
