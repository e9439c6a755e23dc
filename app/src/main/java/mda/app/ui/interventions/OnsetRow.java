package mda.app.ui.interventions;

import java.util.Locale;

/**
 * One row of the onset table: a baseline or an intervention run on one metric, its onsets at τ = 0.25/0.5/0.75
 * with bootstrap CIs, and (for an intervention) its ratio to the same seed's baseline at each τ.
 *
 * @param metric    "induction L1.H0" or "ICL gain"
 * @param group     the intervention group (plan label) the row belongs to
 * @param run       run name
 * @param seed      training seed
 * @param role      "baseline" or "intervention"
 * @param onset     onset step at each τ (NaN when none is defined; see note)
 * @param lower     lower 95% CI bound at each τ (NaN without per-sequence values, +∞ on censored replicates)
 * @param upper     upper bound likewise
 * @param censored  whether the run never crossed θ_τ by its last checkpoint, at each τ
 * @param lastStep  the run's last checkpoint step (the censoring point)
 * @param ratio     s*_int / s*_base at each τ, NaN for baselines and undefined pairs (lower bound when censored)
 * @param delta     s*_int − s*_base at τ = 0.5 in steps, NaN likewise
 * @param note      why no onset is defined, or ""
 */
public record OnsetRow(String metric, String group, String run, long seed, String role, double[] onset,
                       double[] lower, double[] upper, boolean[] censored, long lastStep, double[] ratio,
                       double delta, String note) {
    /** The onset at τ index {@code t} as shown: "412 [380, 450]", "&gt;1000 (censored)" or "—". */
    public String onsetText(int t) {
        if (!note.isEmpty() && Double.isNaN(onset[t]) && !censored[t]) {
            return "—";
        }
        String est = censored[t] ? ">" + lastStep + " (censored)" : step(onset[t]);
        if (Double.isNaN(lower[t])) {
            return est;
        }
        return est + " [" + bound(lower[t]) + ", " + bound(upper[t]) + "]";
    }

    /** The ratio at τ index {@code t} as shown: "1.493", "≥1.820" for a censored intervention, "" for none. */
    public String ratioText(int t) {
        if (Double.isNaN(ratio[t])) {
            return "";
        }
        return (censored[t] ? "≥" : "") + String.format(Locale.ROOT, "%.3f", ratio[t]);
    }

    /** Δ at τ = 0.5, "≥" when the intervention is censored there. */
    public String deltaText() {
        return Double.isNaN(delta) ? "" : (censored[1] ? "≥" : "") + step(delta);
    }

    /** Whether any τ is censored (the row is marked). */
    public boolean anyCensored() {
        return censored[0] || censored[1] || censored[2];
    }

    /** Steps as the CLI table prints them: whole numbers from 100 up, one decimal below. */
    static String step(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String bound(double v) {
        return Double.isInfinite(v) ? "cens." : step(v);
    }
}
