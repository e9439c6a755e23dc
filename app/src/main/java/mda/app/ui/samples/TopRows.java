package mda.app.ui.samples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mda.engine.analysis.SuffixArray;
import mda.engine.attribution.AttributionData;
import mda.engine.attribution.TokenContributions;
import mda.engine.attribution.TopSamples;

/**
 * The same rows as {@link TopSamples#of} (order, ties and fields), found by a bounded heap in O(n log k) over the
 * primitive scores instead of sorting a million boxed indices: the Samples screen must fill in well under a second.
 */
public final class TopRows {
    private TopRows() {
    }

    /** The top {@code k} by score (highest first), or with {@code bottom} the lowest first. */
    public static List<TopSamples.Row> of(AttributionData data, int k, boolean bottom) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be ≥ 1, got " + k);
        }
        int[] order = order(data.scores().scores(), k, bottom);
        long[] ids = new long[order.length];
        for (int r = 0; r < order.length; r++) {
            ids[r] = data.scores().sampleIds()[order[r]];
        }
        TokenContributions kept = data.tokenContributions();
        List<TopSamples.Row> out = new ArrayList<>();
        for (int r = 0; r < order.length; r++) {
            long id = ids[r];
            int[] tokens = data.tokens(id);
            SuffixArray.Repeat rep = SuffixArray.of(tokens).longestRepeat();
            int[] span = rep.length() > 0 ? Arrays.copyOfRange(tokens, rep.first(), rep.first() + rep.length())
                    : new int[0];
            TokenContributions.Row c = kept == null ? null : kept.row(id);
            out.add(new TopSamples.Row(r + 1, data.scores().scores()[order[r]], id, data.category(id), rep, span,
                    tokens, c == null ? null : c.contributions()));
        }
        return out;
    }

    /**
     * Indices of the {@code k} best scores, best first: highest (lowest with {@code bottom}) by
     * {@link Float#compare}, ties by index, as a stable sort of all indices would give.
     */
    public static int[] order(float[] sc, int k, boolean bottom) {
        int m = Math.min(k, sc.length);
        int[] heap = new int[m]; // the worst kept index at the root
        int size = 0;
        for (int i = 0; i < sc.length; i++) {
            if (size < m) {
                heap[size] = i;
                up(heap, size++, sc, bottom);
            } else if (m > 0 && better(sc, bottom, i, heap[0])) {
                heap[0] = i;
                down(heap, size, sc, bottom);
            }
        }
        Integer[] sorted = new Integer[m];
        for (int i = 0; i < m; i++) {
            sorted[i] = heap[i];
        }
        Arrays.sort(sorted, (a, b) -> better(sc, bottom, a, b) ? -1 : better(sc, bottom, b, a) ? 1 : 0);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = sorted[i];
        }
        return out;
    }

    private static boolean better(float[] sc, boolean bottom, int a, int b) {
        int c = bottom ? Float.compare(sc[a], sc[b]) : Float.compare(sc[b], sc[a]);
        return c < 0 || (c == 0 && a < b);
    }

    private static void up(int[] h, int i, float[] sc, boolean bottom) {
        while (i > 0) {
            int p = (i - 1) / 2;
            if (!better(sc, bottom, h[p], h[i])) {
                return;
            }
            swap(h, i, p);
            i = p;
        }
    }

    private static void down(int[] h, int size, float[] sc, boolean bottom) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int worst = i;
            if (l < size && better(sc, bottom, h[worst], h[l])) {
                worst = l;
            }
            if (r < size && better(sc, bottom, h[worst], h[r])) {
                worst = r;
            }
            if (worst == i) {
                return;
            }
            swap(h, i, worst);
            i = worst;
        }
    }

    private static void swap(int[] h, int a, int b) {
        int t = h[a];
        h[a] = h[b];
        h[b] = t;
    }
}
