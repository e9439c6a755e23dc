package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-stage sizes an attribution states, counted by hand for Pythia-160m's head slice. */
class AttributionMemoryTest {
    // Pythia-160m: d = 768, 12 heads of 64; QKVO with biases: QK 128×769, V 64×769, O 768×64
    private static final HeadSlice SLICE = new HeadSlice(3, 5, HeadSlice.Mode.QKVO, true, 768, 12);

    @Test
    void pythia160mSizesByHand() {
        AttributionMemory m = AttributionMemory.of(SLICE, 1_000_000, 10_000, 2048, 384L << 20);
        long qk = 8L * (2 * 769 * 769 + 2 * 128 * 128 + 128 * 769);
        long v = 8L * (2 * 769 * 769 + 2 * 64 * 64 + 64 * 769);
        long o = 8L * (2 * 64 * 64 + 2 * 768 * 768 + 768 * 64);
        assertEquals(qk + v + o, m.factorBytes());
        assertEquals(4L * (128 * 769 + 64 * 769 + 768 * 64), m.perSequenceBytes());
        assertFalse(m.onePass(), "10,000 gradients of 769 KiB are 7.3 GiB, over 384 MiB");
        assertEquals(StoredGradients.fits(SLICE, 10_000, 384L << 20), m.onePass(), "as the fit decides");
        assertEquals(12_000_000, m.scoreFileBytes());
        assertEquals(512L * (12 + 4 * 2048), m.tokenFileBytes(), "256 top and 256 bottom rows");
        List<String> lines = m.fitLines();
        assertTrue(lines.get(1).contains("10,000 per-sequence gradients of 768.8 KiB each would take 7507.3 MiB, "
                + "over the 384.0 MiB budget: the fit makes a second pass"), lines.get(1));
        assertTrue(m.diskLine().startsWith("disk: scores 11.4 MiB"), m.diskLine());
    }

    @Test
    void aSmallFitKeepsItsGradients() {
        AttributionMemory m = AttributionMemory.of(SLICE, 300, 300, 2048, 384L << 20);
        assertTrue(m.onePass());
        assertTrue(m.fitLines().get(1).contains("(within the 384.0 MiB budget: one pass"), m.fitLines().get(1));
        assertEquals(300L * (12 + 4 * 2048), m.tokenFileBytes(), "fewer candidates than rows to keep");
    }
}
