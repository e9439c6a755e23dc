import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws the application icon (run once, the PNG is committed): an attention pattern with the induction stripe
 * (each query attends to the token after the previous copy) over a dark tile.
 * Usage: java IconMaker.java mda-workbench.png
 */
public final class IconMaker {
    public static void main(String[] args) throws Exception {
        int size = 256;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0x1f2a44));
        g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 48, 48));
        int n = 8;
        int cell = 20;
        int x0 = 48;
        int y0 = 18;
        for (int q = 0; q < n; q++) {
            for (int k = 0; k <= q; k++) {
                // the sequence repeats with period 4: query q attends to key q-3 (the token after its last copy)
                double w = q >= 4 && k == q - 3 ? 1.0 : k == q ? 0.35 : 0.12;
                g.setColor(blend(new Color(0x2e3b5c), new Color(0xffb347), w));
                g.fillRect(x0 + k * cell + 1, y0 + q * cell + 1, cell - 2, cell - 2);
            }
        }
        g.setColor(new Color(0xffb347));
        g.setStroke(new BasicStroke(3f));
        g.drawLine(x0 + 1 * cell + cell / 2, y0 + 4 * cell + cell / 2, x0 + 4 * cell + cell / 2, y0 + 7 * cell + cell / 2);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 50));
        String text = "MDA";
        int w = g.getFontMetrics().stringWidth(text);
        g.drawString(text, (size - w) / 2, 234);
        g.dispose();
        ImageIO.write(img, "png", new File(args[0]));
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color((int) (a.getRed() + t * (b.getRed() - a.getRed())),
                (int) (a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) (a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }
}
