package mda.engine.intervene;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.util.Locale;

/**
 * What an intervention changes in the baseline's data order (spec §6.1–6.2): which samples (top, random or bottom
 * {@code percent}% of the attribution's candidate window by influence) and how (removed, or given extra copies).
 * Stored as the {@code planJson} of every child run, so a rerun can recognise its own runs.
 *
 * @param kind          remove-top, remove-random, remove-bottom, duplicate-top, duplicate-random, or a synthesis
 *                      plan: syn-random, syn-copy, syn-markup (synthetic samples, §6.3) or syn-control (natural
 *                      reserve samples in the same overwrite slots)
 * @param percent       k, in percent of the candidate window {@code n_W}; the set holds {@code ⌈k/100 · n_W⌉} samples
 * @param multiplicity  for duplication: occurrences of each sample in the window afterwards (2 = one extra copy)
 * @param fill          how removed slots are refilled (see {@link Fill}); AUTO is resolved when the plan is applied
 * @param attributionId the attribution whose scores rank the samples
 * @param planSeed      seed of the intervention stream: random subset, copy slots and resampled fills
 */
public record InterventionPlan(Kind kind, double percent, int multiplicity, Fill fill, long attributionId,
                               long planSeed) {
    private static final Gson GSON = new Gson();

    /** The plan kinds; RAND and the duplicate control share the seed stream with their TOP counterpart. */
    public enum Kind {
        REMOVE_TOP, REMOVE_RANDOM, REMOVE_BOTTOM, DUPLICATE_TOP, DUPLICATE_RANDOM, SYN_RANDOM, SYN_COPY, SYN_MARKUP,
        SYN_CONTROL;

        /** The command-line name, e.g. {@code remove-top}. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public boolean removes() {
            return this == REMOVE_TOP || this == REMOVE_RANDOM || this == REMOVE_BOTTOM;
        }

        /** Whether the plan writes into overwrite slots chosen as for DUP: synthetic or control samples (§6.2). */
        public boolean synthesizes() {
            return this == SYN_RANDOM || this == SYN_COPY || this == SYN_MARKUP || this == SYN_CONTROL;
        }

        /** Whether the runs read synthetic samples from a derived corpus (SYN-random, SYN-copy, SYN-markup). */
        public boolean generates() {
            return this == SYN_RANDOM || this == SYN_COPY || this == SYN_MARKUP;
        }

        /** Parses {@code remove-top} etc.; an unknown name lists the valid ones. */
        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.cliName().equalsIgnoreCase(s.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown plan '" + s + "'; use remove-top, remove-random, "
                    + "remove-bottom, duplicate-top, duplicate-random, syn-random, syn-copy, syn-markup or syn-control");
        }
    }

    /** How the slots of removed samples are refilled (§6.2); every mode keeps all other slots as they were. */
    public enum Fill {
        /** The next unused samples beyond the horizon, in the reserve's fixed order (spec default). */
        RESERVE,
        /** The slot is left empty: that batch has fewer rows. */
        SHRINK,
        /**
         * A seeded uniform draw from the samples the order still uses: for runs that cycle through the corpus
         * several times and so have no data beyond the horizon.
         */
        RESAMPLE,
        /** RESERVE when the reserve is large enough, otherwise RESAMPLE. */
        AUTO;

        public static Fill parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown fill '" + s + "'; use auto, reserve, shrink or resample");
            }
        }
    }

    public InterventionPlan {
        if (kind == null) {
            throw new IllegalArgumentException("plan kind must be given");
        }
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("--k must be a percentage in (0, 100], got " + percent);
        }
        if (multiplicity < 2 || multiplicity > 8) {
            throw new IllegalArgumentException("--m must be in [2, 8] (occurrences after duplication), got "
                    + multiplicity);
        }
        if (fill == null) {
            fill = Fill.AUTO;
        }
    }

    /** The same plan with a resolved fill. */
    public InterventionPlan withFill(Fill resolved) {
        return new InterventionPlan(kind, percent, multiplicity, resolved, attributionId, planSeed);
    }

    /** Number of samples in the set for a window of {@code windowSize}: {@code ⌈k/100 · n_W⌉}, at least 1. */
    public int setSize(int windowSize) {
        // subtract a hair so that 10% of 500 is 50, not 51 from a rounding error above 50
        return Math.max(1, (int) Math.ceil(percent / 100.0 * windowSize - 1e-9));
    }

    /** A short name for run names and tables, e.g. {@code remove-top-k10} or {@code duplicate-top-k0.5-m2}. */
    public String label() {
        String k = percent == Math.rint(percent) ? String.valueOf((long) percent)
                : String.valueOf(percent).replaceAll("0+$", "");
        return kind.cliName() + "-k" + k + (kind.removes() || kind.synthesizes() ? "" : "-m" + multiplicity);
    }

    /** JSON stored as the child run's plan. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** Parses {@link #toJson} output; bad JSON names the problem. */
    public static InterventionPlan fromJson(String json) {
        try {
            InterventionPlan p = GSON.fromJson(json, InterventionPlan.class);
            if (p == null) {
                throw new IllegalArgumentException("intervention plan JSON is empty");
            }
            return new InterventionPlan(p.kind, p.percent, p.multiplicity, p.fill, p.attributionId, p.planSeed);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("intervention plan JSON is invalid: " + e.getMessage(), e);
        }
    }
}
