package mda.app.ui.samples;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.scene.paint.Color;
import mda.app.ui.common.Charts;

/**
 * The look of one inspector token. Without the overlay a repeat pair's tokens are filled with the pair's colour (the
 * earlier occurrence lighter). With the overlay the fill is the token's influence — blue when it helps the head form,
 * orange when it hinders, opacity ∝ |c| / max |c| — and the pair colour moves to the border. A later occurrence is
 * bold.
 */
final class TokenStyle {
    /** Parsed colours by CSS text: a sample's pairs reuse a few palette entries. */
    private static final Map<String, Color> COLORS = new ConcurrentHashMap<>();

    /**
     * One token's look, as CSS colours: the fill (null for none), the border colour (null for the default) and
     * width, and bold text.
     */
    record Look(String fillCss, String borderCss, double borderWidth, boolean bold) {
        /** The fill to draw, or null. */
        Color fill() {
            return fillCss == null ? null : COLORS.computeIfAbsent(fillCss, Color::web);
        }

        /** The border colour to draw, or null for the default. */
        Color border() {
            return borderCss == null ? null : COLORS.computeIfAbsent(borderCss, Color::web);
        }

        /** The look as inline CSS. */
        String css() {
            StringBuilder sb = new StringBuilder();
            if (fillCss != null) {
                sb.append("-fx-background-color: ").append(fillCss).append(';');
            }
            if (borderCss != null) {
                sb.append("-fx-border-color: ").append(borderCss).append("; -fx-border-width: ")
                        .append((int) borderWidth).append(';');
            }
            return sb.toString();
        }
    }

    private TokenStyle() {
    }

    static Look look(int pair, int occurrence, double contribution, double maxAbs, boolean overlay) {
        boolean bold = pair >= 0 && occurrence == 2;
        if (!overlay) {
            return new Look(pair < 0 ? null : Charts.css(pair) + (occurrence == 1 ? "88" : ""), null, 1, bold);
        }
        String fill = null;
        if (!Double.isNaN(contribution) && maxAbs > 0) {
            fill = String.format(Locale.ROOT, "rgba(%s,%.3f)", contribution >= 0 ? "0,114,178" : "213,94,0",
                    Math.min(1, Math.abs(contribution) / maxAbs));
        }
        return pair >= 0 ? new Look(fill, Charts.css(pair), 2, bold) : new Look(fill, null, 1, bold);
    }
}
