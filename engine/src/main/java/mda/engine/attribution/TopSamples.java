package mda.engine.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mda.engine.analysis.SuffixArray;

/** The k most helpful (or most harmful) samples of an attribution, with what the ranking view shows of each. */
public final class TopSamples {
    private TopSamples() {
    }

    /**
     * One ranked sample.
     *
     * @param repeat the sample's longest repeated span (length 0 when none)
     * @param repeatTokens the ids of that span (empty when none)
     * @param tokens the sample's T+1 token ids
     * @param contributions per-position influence c[t] of input token t (§3.9), or null when not stored
     */
    public record Row(int rank, double score, long sampleId, String category, SuffixArray.Repeat repeat,
                      int[] repeatTokens, int[] tokens, float[] contributions) {
    }

    /** The top {@code k} by score (highest first), or with {@code bottom} the lowest first. */
    public static List<Row> of(AttributionData data, int k, boolean bottom) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be ≥ 1, got " + k);
        }
        AttributionScores s = data.scores();
        Integer[] order = new Integer[s.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        float[] sc = s.scores();
        Arrays.sort(order, (a, b) -> bottom ? Float.compare(sc[a], sc[b]) : Float.compare(sc[b], sc[a]));
        TokenContributions kept = data.tokenContributions();
        List<Row> out = new ArrayList<>();
        for (int r = 0; r < Math.min(k, order.length); r++) {
            int i = order[r];
            long id = s.sampleIds()[i];
            int[] tokens = data.tokens(id);
            SuffixArray.Repeat rep = SuffixArray.of(tokens).longestRepeat();
            int[] span = rep.length() > 0 ? Arrays.copyOfRange(tokens, rep.first(), rep.first() + rep.length())
                    : new int[0];
            TokenContributions.Row c = kept == null ? null : kept.row(id);
            out.add(new Row(r + 1, sc[i], id, data.category(id), rep, span, tokens,
                    c == null ? null : c.contributions()));
        }
        return out;
    }
}
