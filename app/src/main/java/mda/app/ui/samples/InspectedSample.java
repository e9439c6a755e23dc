package mda.app.ui.samples;

import java.util.Arrays;
import java.util.List;
import mda.engine.analysis.RepeatedSpans;

/**
 * A sample as the inspector shows it: token labels and, per token, the repeat pair it belongs to (index into
 * {@code spans}, −1 for none) and whether it is the earlier (1) or later (2) occurrence; and the engine's per-token
 * influence {@code contributions[t]} of input position t (null when the attribution kept none for this sample).
 */
public record InspectedSample(SampleRow row, String[] labels, List<RepeatedSpans.Span> spans, int[] pairOf,
                              int[] occurrence, float[] contributions) {
    /** Shortest repeat worth highlighting, in tokens. */
    public static final int MIN_SPAN = 4;

    /** Builds the per-token pair map from the engine's repeated spans of {@code tokens}. */
    public static InspectedSample of(SampleRow row, int[] tokens, String[] labels, float[] contributions) {
        List<RepeatedSpans.Span> spans = RepeatedSpans.find(tokens, MIN_SPAN);
        int[] pair = new int[tokens.length];
        int[] occ = new int[tokens.length];
        Arrays.fill(pair, -1);
        for (int i = 0; i < spans.size(); i++) {
            RepeatedSpans.Span s = spans.get(i);
            for (int j = 0; j < s.length(); j++) {
                if (pair[s.secondStart() + j] < 0) {
                    pair[s.secondStart() + j] = i;
                    occ[s.secondStart() + j] = 2;
                }
                if (pair[s.firstStart() + j] < 0) {
                    pair[s.firstStart() + j] = i;
                    occ[s.firstStart() + j] = 1;
                }
            }
        }
        return new InspectedSample(row, labels, spans, pair, occ, contributions);
    }

    /** The contribution of token {@code i} (an input position), NaN for none (the last token is only a target). */
    public double contribution(int i) {
        return contributions == null || i >= contributions.length ? Double.NaN : contributions[i];
    }

    /** The largest |contribution|, the overlay's full tint; 0 without contributions. */
    public double maxAbsContribution() {
        double m = 0;
        for (int i = 0; contributions != null && i < contributions.length; i++) {
            m = Math.max(m, Math.abs(contributions[i]));
        }
        return m;
    }
}
