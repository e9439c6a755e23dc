package mda.app.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import mda.engine.intervene.RunCurve;
import org.jfree.data.xy.YIntervalSeries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** Formation figures: the band statistics, and PNG and SVG files that are what they claim to be. */
class FormationFigureTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static RunCurve run(String name, long seed, double shift) {
        long[] steps = {0, 1, 2, 4, 8, 16, 32, 64};
        double[] v = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            v[k] = 0.1 + 0.5 / (1 + Math.exp(-(Math.log(Math.max(0.5, steps[k])) - Math.log(10 * shift))));
        }
        return new RunCurve(name, seed, steps, v, null);
    }

    @Test
    void bandIsMeanAndMinMaxOverSeedsWithStepZeroAtHalf() {
        RunCurve a = run("a", 1, 1);
        RunCurve b = run("b", 2, 2);
        YIntervalSeries s = FormationFigure.series(new FormationFigure.Band("g", List.of(a, b)));
        assertEquals(8, s.getItemCount());
        assertEquals(0.5, s.getX(0).doubleValue(), 0);
        for (int k = 0; k < 8; k++) {
            double lo = Math.min(a.values()[k], b.values()[k]);
            double hi = Math.max(a.values()[k], b.values()[k]);
            assertEquals((a.values()[k] + b.values()[k]) / 2, s.getYValue(k), 1e-12);
            assertEquals(lo, s.getYLowValue(k), 1e-12);
            assertEquals(hi, s.getYHighValue(k), 1e-12);
        }
        assertEquals("g (2 seeds)", s.getKey());
    }

    @Test
    void writesAValidPngAndAnSvgDocument() throws Exception {
        var chart = FormationFigure.chart("Induction score of L1.H0", "induction score", List.of(
                new FormationFigure.Band("baseline", List.of(run("b1", 1, 1), run("b2", 2, 1.2))),
                new FormationFigure.Band("remove-top-k10", List.of(run("i1", 1, 2), run("i2", 2, 2.5)))));
        List<Path> files = FormationFigure.write(chart, tmp.resolve("fig/formation"), 640, 400);
        Path png = files.get(0);
        Path svg = files.get(1);
        assertEquals(tmp.resolve("fig/formation.png"), png);
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
                Arrays.copyOf(bytes, 8), "PNG signature");
        ByteBuffer ihdr = ByteBuffer.wrap(bytes, 8, 24);
        ihdr.getInt();
        assertEquals("IHDR", new String(bytes, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        ihdr.getInt();
        assertEquals(640, ihdr.getInt(), "width");
        assertEquals(400, ihdr.getInt(), "height");

        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // JFreeSVG writes a DOCTYPE; the check must not fetch its DTD
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element root = factory.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertTrue(root.getAttribute("width").startsWith("640"), root.getAttribute("width"));
        String text = Files.readString(svg);
        assertTrue(text.contains("remove-top-k10 (2 seeds)"), "legend text in the SVG");
    }
}
