package mda.app.ui.common;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.pdf.PDFDocument;
import org.jfree.pdf.PDFGraphics2D;
import org.jfree.pdf.Page;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUnits;
import org.jfree.svg.SVGUtils;

/**
 * Writes a chart as PNG (at a DPI), SVG or PDF at a paper size. Sizes are in inches; vector formats use
 * 72 points per inch, so text keeps its point size in every format.
 */
public final class ChartExport {
    /** Paper presets: the figure width, with a 4:3 height. */
    public enum Preset {
        SINGLE_COLUMN("single column (3.5 in)", 3.5), DOUBLE_COLUMN("double column (7 in)", 7.0);

        private final String label;
        private final double widthInches;

        Preset(String label, double widthInches) {
            this.label = label;
            this.widthInches = widthInches;
        }

        public double widthInches() {
            return widthInches;
        }

        public double heightInches() {
            return widthInches * 0.75;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The export formats. */
    public enum Format { PNG, SVG, PDF;
        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Layout scale: charts are laid out on a canvas this much larger than the paper and drawn scaled down, so the
     * theme's 11 pt text prints at 8 pt, the usual size for figure text in a paper.
     */
    static final double LAYOUT_SCALE = 11.0 / 8.0;

    private ChartExport() {
    }

    /** Draws {@code chart} to fill {@code w} × {@code h} points of {@code g}. */
    private static void draw(JFreeChart chart, Graphics2D g, double w, double h) {
        g.scale(1 / LAYOUT_SCALE, 1 / LAYOUT_SCALE);
        chart.draw(g, new Rectangle2D.Double(0, 0, w * LAYOUT_SCALE, h * LAYOUT_SCALE));
    }

    /** Writes {@code chart} to {@code file} in {@code format}; {@code dpi} is used by PNG only. */
    public static void write(JFreeChart chart, Format format, Path file, double widthIn, double heightIn, int dpi)
            throws IOException {
        if (widthIn <= 0 || heightIn <= 0) {
            throw new IllegalArgumentException("export size must be positive, got " + widthIn + " x " + heightIn + " in");
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        switch (format) {
            case PNG: png(chart, file, widthIn, heightIn, dpi); break;
            case SVG: svg(chart, file, widthIn, heightIn); break;
            case PDF: pdf(chart, file, widthIn, heightIn); break;
            default: throw new IllegalArgumentException("unknown format " + format);
        }
    }

    private static void png(JFreeChart chart, Path file, double w, double h, int dpi) throws IOException {
        if (dpi < 36 || dpi > 1200) {
            throw new IllegalArgumentException("PNG resolution must lie in [36, 1200] dpi, got " + dpi);
        }
        int pw = (int) Math.round(w * dpi);
        int ph = (int) Math.round(h * dpi);
        BufferedImage img = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double scale = dpi / 72.0; // draw at point size, scaled to pixels
        g.scale(scale, scale);
        draw(chart, g, w * 72, h * 72);
        g.dispose();
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    private static void svg(JFreeChart chart, Path file, double w, double h) throws IOException {
        SVGGraphics2D g = new SVGGraphics2D(w * 72, h * 72, SVGUnits.PT); // points, so the size reads as inches
        draw(chart, g, w * 72, h * 72);
        SVGUtils.writeToSVG(file.toFile(), g.getSVGElement());
    }

    private static void pdf(JFreeChart chart, Path file, double w, double h) throws IOException {
        PDFDocument doc = new PDFDocument();
        doc.setTitle(chart.getTitle() != null ? chart.getTitle().getText() : "MDA figure");
        Page page = doc.createPage(new Rectangle2D.Double(0, 0, w * 72, h * 72));
        PDFGraphics2D g = page.getGraphics2D();
        draw(chart, g, w * 72, h * 72);
        Files.write(file, doc.getPDFBytes());
    }
}
