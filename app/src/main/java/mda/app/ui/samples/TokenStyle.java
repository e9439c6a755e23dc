package mda.app.ui.samples;

import java.util.Locale;
import mda.app.ui.common.Charts;

/**
 * The inline style of one inspector token. Without the overlay a repeat pair's tokens are filled with the pair's
 * colour (the earlier occurrence lighter). With the overlay the fill is the token's influence — blue when it helps
 * the head form, orange when it hinders, opacity ∝ |c| / max |c| — and the pair colour moves to the border.
 */
final class TokenStyle {
    /** Style class of the tokens of the pair under the mouse. */
    static final String LINKED = "repeat-linked";
    private static final String HELPS = "0,114,178";
    private static final String HINDERS = "213,94,0";

    private TokenStyle() {
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
