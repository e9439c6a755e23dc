package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Block extraction from hand-made tap arrays whose values encode (sample, position, column). */
class TapExtractorTest {
    private static final int B = 2;
    private static final int T = 3;
    private static final int D = 8;
    private static final int H = 2; // dh = 4

    private static float code(int n, int t, int col) {
        return n * 1000 + t * 100 + col;
    }

    private static float[] coded(int width, int offset) {
        float[] x = new float[B * T * width];
        for (int n = 0; n < B; n++) {
            for (int t = 0; t < T; t++) {
                for (int c = 0; c < width; c++) {
                    x[(n * T + t) * width + c] = code(n, t, c) + offset;
                }
            }
        }
        return x;
    }

    private static LayerTaps taps() {
        return new LayerTaps(B, T, D, coded(D, 0), coded(3 * D, 10_000), coded(D, 20_000), coded(D, 30_000));
    }

    @Test
    void qkBlockTakesQAndKColumnsOfTheHeadAndAppendsBiasOne() {
        HeadSlice slice = new HeadSlice(1, 1, HeadSlice.Mode.QKVO, true, D, H);
        BlockData qk = TapExtractor.extract(slice, Block.QK, taps(), 1);
        assertEquals(T, qk.positions());
        assertEquals(D + 1, qk.dIn());
        assertEquals(8, qk.dOut());
        for (int t = 0; t < T; t++) {
            for (int c = 0; c < D; c++) {
                assertEquals(code(1, t, c), qk.a().get(t, c));
            }
            assertEquals(1.0, qk.a().get(t, D));
            // Head 1 in the [H][3][dh] layout: Q at 12..15, K at 16..19.
            for (int i = 0; i < 8; i++) {
                assertEquals(code(1, t, 12 + i) + 10_000, qk.g().get(t, i));
            }
        }
    }

    @Test
    void vBlockTakesVColumnsAndOmitsBiasWhenExcluded() {
        HeadSlice slice = new HeadSlice(0, 1, HeadSlice.Mode.QKVO, false, D, H);
        BlockData v = TapExtractor.extract(slice, Block.V, taps(), 0);
        assertEquals(D, v.dIn());
        assertEquals(4, v.dOut());
        for (int t = 0; t < T; t++) {
            assertEquals(code(0, t, D - 1), v.a().get(t, D - 1));
            for (int i = 0; i < 4; i++) {
                assertEquals(code(0, t, 20 + i) + 10_000, v.g().get(t, i));
            }
        }
        HeadSlice head0 = new HeadSlice(0, 0, HeadSlice.Mode.QKVO, true, D, H);
        BlockData v0 = TapExtractor.extract(head0, Block.V, taps(), 1);
        assertEquals(code(1, 2, 8) + 10_000, v0.g().get(2, 0));
        assertEquals(1.0, v0.a().get(2, D));
    }

    @Test
    void oBlockTakesTheHeadsColumnsOfZAndTheFullOutputGradient() {
        HeadSlice slice = new HeadSlice(0, 1, HeadSlice.Mode.QKVO, true, D, H);
        BlockData o = TapExtractor.extract(slice, Block.O, taps(), 1);
        assertEquals(4, o.dIn());
        assertEquals(D, o.dOut());
        for (int t = 0; t < T; t++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(code(1, t, 4 + j) + 20_000, o.a().get(t, j));
            }
            for (int i = 0; i < D; i++) {
                assertEquals(code(1, t, i) + 30_000, o.g().get(t, i));
            }
        }
    }

    @Test
    void gradientIsSumOverPositionsOfOuterProducts() {
        HeadSlice slice = new HeadSlice(0, 0, HeadSlice.Mode.QK, true, D, H);
        BlockData qk = TapExtractor.extract(slice, Block.QK, taps(), 0);
        double expected = 0;
        for (int t = 0; t < T; t++) {
            expected += qk.g().get(t, 3) * qk.a().get(t, 5);
        }
        assertEquals(expected, qk.gradient().get(3, 5), 1e-9);
    }

    @Test
    void sliceShapesMatchSpecTable() {
        HeadSlice m14 = new HeadSlice(0, 0, HeadSlice.Mode.QK, true, 128, 4);
        assertEquals(8_256, m14.parameterCount());
        assertEquals(16_480, new HeadSlice(0, 0, HeadSlice.Mode.QKVO, true, 128, 4).parameterCount());
        assertEquals(131_264, new HeadSlice(3, 7, HeadSlice.Mode.QKVO, true, 512, 8).parameterCount());
        assertEquals(196_800, new HeadSlice(3, 7, HeadSlice.Mode.QKVO, true, 768, 12).parameterCount());
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        HeadSlice qkOnly = new HeadSlice(0, 0, HeadSlice.Mode.QK, true, D, H);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TapExtractor.extract(qkOnly, Block.O, taps(), 0));
        assertTrue(e.getMessage().contains("not part of mode"));
        e = assertThrows(IllegalArgumentException.class, () -> TapExtractor.extract(qkOnly, Block.QK, taps(), 2));
        assertTrue(e.getMessage().contains("sample"));
        e = assertThrows(IllegalArgumentException.class,
                () -> new LayerTaps(B, T, D, new float[5], coded(3 * D, 0), null, null));
        assertTrue(e.getMessage().startsWith("qkvInput has 5 values"));
        e = assertThrows(IllegalArgumentException.class, () -> new HeadSlice(0, 2, HeadSlice.Mode.QK, true, D, H));
        assertTrue(e.getMessage().contains("head"));
        assertThrows(IllegalArgumentException.class, () -> HeadSlice.Mode.parse("qkv"));
        HeadSlice full = new HeadSlice(0, 0, HeadSlice.Mode.QKVO, true, D, H);
        LayerTaps noDense = new LayerTaps(B, T, D, coded(D, 0), coded(3 * D, 0), null, null);
        e = assertThrows(IllegalArgumentException.class, () -> TapExtractor.extract(full, Block.O, noDense, 0));
        assertTrue(e.getMessage().contains("denseInput"));
    }
}
