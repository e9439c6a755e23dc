package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

/** Checks that an exported figure file is a valid, non-empty PNG, SVG or PDF. */
public final class FigureFiles {
    private FigureFiles() {
    }

    /** PNG signature, then the IHDR chunk with the expected pixel size. */
    public static void png(Path f, int width, int height) throws Exception {
        try (InputStream in = Files.newInputStream(f); DataInputStream d = new DataInputStream(in)) {
            byte[] sig = new byte[8];
            d.readFully(sig);
            assertEquals(List.of(0x89, (int) 'P', (int) 'N', (int) 'G', 0x0D, 0x0A, 0x1A, 0x0A), toList(sig), f + " signature");
            assertEquals(13, d.readInt(), "IHDR length");
            byte[] type = new byte[4];
            d.readFully(type);
            assertEquals("IHDR", new String(type, StandardCharsets.US_ASCII));
            assertEquals(width, d.readInt(), f + " width");
            assertEquals(height, d.readInt(), f + " height");
        }
        assertTrue(Files.size(f) > 5000, f + " holds a drawing: " + Files.size(f));
    }

    public static void svg(Path f) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // the SVG names the W3C DTD; parse offline
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        var doc = factory.newDocumentBuilder().parse(f.toFile());
        assertEquals("svg", doc.getDocumentElement().getNodeName(), f + " root");
        assertTrue(Files.size(f) > 5000, f + " holds a drawing: " + Files.size(f));
    }

    public static void pdf(Path f) throws Exception {
        byte[] b = Files.readAllBytes(f);
        assertTrue(new String(b, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"), f + " header");
        assertTrue(new String(b, b.length - 8, 8, StandardCharsets.ISO_8859_1).contains("%%EOF"), f + " trailer");
        assertTrue(b.length > 2000, f + " holds a drawing: " + b.length);
    }

    private static List<Integer> toList(byte[] b) {
        List<Integer> out = new ArrayList<>();
        for (byte x : b) {
            out.add(x & 0xFF);
        }
        return out;
    }
}
