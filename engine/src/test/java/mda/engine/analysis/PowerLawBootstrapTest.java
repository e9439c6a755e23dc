package mda.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;

class PowerLawBootstrapTest {
    @Test
    void paretoDataGetsALargePValue() {
        double[] x = PowerLawFitTest.pareto(500, 2.5, 1, 21);
        PowerLawFit.Fit fit = PowerLawFit.fit(x);
        double p = PowerLawBootstrap.pValue(x, fit, 100, 5);
        assertTrue(p > 0.1, "p=" + p);
        assertEquals(p, PowerLawBootstrap.pValue(x, fit, 100, 5), 0.0, "same seed, same p");
    }

    @Test
    void exponentialDataGetsASmallPValue() {
        SplitMix64 rng = new SplitMix64(22);
        double[] x = new double[2000];
        for (int i = 0; i < x.length; i++) {
            x[i] = -Math.log(1 - rng.nextDouble());
        }
        PowerLawFit.Fit fit = PowerLawFit.fit(x);
        double p = PowerLawBootstrap.pValue(x, fit, 100, 5);
        assertTrue(p <= 0.1, "p=" + p);
    }

    @Test
    void cancellationStopsTheBootstrap() {
        double[] x = PowerLawFitTest.pareto(200, 2.5, 1, 3);
        PowerLawFit.Fit fit = PowerLawFit.fit(x);
        int[] polls = {0};
        assertThrows(CancellationException.class,
            () -> PowerLawBootstrap.pValue(x, fit, 1000, 1, 50, () -> ++polls[0] > 3));
        assertEquals(4, polls[0]);
    }

    @Test
    void resultLeavesPValueNaNWithoutBootstrap() {
        double[] x = PowerLawFitTest.pareto(300, 3, 1, 4);
        PowerLawResult r = PowerLawResult.analyse(x, 0, 1);
        assertTrue(Double.isNaN(r.pValue()));
        assertTrue(r.alpha() > 2 && r.alpha() < 4, r.toString());
        assertTrue(r.exponentialR() > 0, r.toString());
        assertTrue(Double.isFinite(r.lognormalR()) && Double.isFinite(r.lognormalP()), r.toString());
        PowerLawResult withBoot = PowerLawResult.analyse(x, 20, 1);
        assertTrue(withBoot.pValue() >= 0 && withBoot.pValue() <= 1);
    }
}
