package mda.app.ui.samples;

import java.util.Locale;
import javafx.scene.paint.Color;
import mda.app.ui.common.Charts;

/**
 * The inline style of one inspector token. Without the overlay a repeat pair's tokens are filled with the pair's
 * colour (the earlier occurrence lighter). With the overlay the fill is the token's influence — blue when it helps
 * the head form, orange when it hinders, opacity ∝ |c| / max |c| — and the pair colour moves to the border.
 */
final class TokenStyle {
    private static final String HELPS = "0,114,178";
    private static final String HINDERS = "213,94,0";

    /**
     * What the canvas draws: the fill (null for none), the border colour (null for the default, dark for a later
     * occurrence) and width, and bold text for a later occurrence.
     */
    record Look(Color fill, Color border, double borderWidth, boolean bold) {
    }

    /** Parsed pair colours by CSS text: a sample's pairs reuse a few palette entries. */
    private static final java.util.Map<String, Color> COLORS = new java.util.concurrent.ConcurrentHashMap<>();

    private TokenStyle() {
    }

    private static Color color(String css) {
        return COLORS.computeIfAbsent(css, Color::web);
    }

    /** The look that {@link #of} writes as CSS. */
    static Look look(int pair, int occurrence, double contribution, double maxAbs, boolean overlay) {
        boolean bold = pair >= 0 && occurrence == 2;
        if (!overlay) {
            Color fill = pair < 0 ? null : color(Charts.css(pair) + (occurrence == 1 ? "88" : ""));
            return new Look(fill, null, 1, bold);
        }
        Color fill = null;
        if (!Double.isNaN(contribution) && maxAbs > 0) {
            double a = Math.rint(1000 * Math.min(1, Math.abs(contribution) / maxAbs)) / 1000; // as the CSS rounds it
            fill = contribution >= 0 ? Color.rgb(0, 114, 178, a) : Color.rgb(213, 94, 0, a);
        }
        return pair >= 0 ? new Look(fill, color(Charts.css(pair)), 2, bold) : new Look(fill, null, 1, bold);
    }

    static String of(int pair, int occurrence, double contribution, double maxAbs, boolean overlay) {
        if (!overlay) {
            return pair < 0 ? "" : "-fx-background-color: " + Charts.css(pair) + (occurrence == 1 ? "88" : "") + ";";
        }
        StringBuilder sb = new StringBuilder();
        if (!Double.isNaN(contribution) && maxAbs > 0) {
            double a = Math.min(1, Math.abs(contribution) / maxAbs);
            sb.append(String.format(Locale.ROOT, "-fx-background-color: rgba(%s,%.3f);",
                    contribution >= 0 ? HELPS : HINDERS, a));
        }
        if (pair >= 0) {
            sb.append("-fx-border-color: ").append(Charts.css(pair)).append("; -fx-border-width: 2;");
        }
        return sb.toString();
    }
}
