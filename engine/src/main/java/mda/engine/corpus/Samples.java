package mda.engine.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-length training samples over a token store (mda-algorithm.md §0.2, §1.6): for context {@code T}, sample
 * {@code k} is stream tokens {@code [kT, kT + T + 1)}, so neighbouring samples share one boundary token and
 * documents and EODs run through windows unchanged (no padding, no reset).
 */
public final class Samples {
    private final TokenStore store;
    private final int context;
    private final long count;

    /** Windows of {@code context + 1} tokens over {@code store}; the store must hold at least that many. */
    public Samples(TokenStore store, int context) {
        if (context < 1) {
            throw new IllegalArgumentException("context must be at least 1, got " + context);
        }
        long n = store.tokenCount();
        if (n < context + 1L) {
            throw new IllegalArgumentException("context " + context + " needs at least " + (context + 1L)
                    + " tokens; corpus has " + n + " (" + store.directory() + ")");
        }
        this.store = store;
        this.context = context;
        this.count = (n - 1) / context;
    }

    /** The context length {@code T}; each sample has {@code T + 1} tokens. */
    public int context() {
        return context;
    }

    /** {@code floor((N - 1) / T)}: the number of full windows. */
    public long sampleCount() {
        return count;
    }

    /** Stream offset of the first token of sample {@code k}. */
    public long start(long k) {
        check(k);
        return k * context;
    }

    /** The {@code T + 1} token ids of sample {@code k}. */
    public int[] sample(long k) {
        int[] out = new int[context + 1];
        store.read(start(k), out, out.length);
        return out;
    }

    /** Sample {@code k} mapped back to document pieces and EOD separators, in window order. */
    public List<Span> spans(long k) {
        long from = start(k);
        long to = from + context + 1;
        List<Span> out = new ArrayList<>();
        int d = store.documentAt(from);
        long pos = from;
        while (pos < to) {
            DocumentInfo doc = store.document(d);
            if (pos < doc.end()) {
                int len = (int) (Math.min(doc.end(), to) - pos);
                out.add(new Span(d, (int) (pos - doc.start()), (int) (pos - from), len, false));
                pos += len;
            } else {
                // pos == doc.end(): the EOD that ends document d (the stream has one after every document but the last).
                out.add(new Span(d, doc.length(), (int) (pos - from), 1, true));
                pos++;
                d++;
            }
        }
        return out;
    }

    private void check(long k) {
        if (k < 0 || k >= count) {
            throw new IndexOutOfBoundsException("sample " + k + " outside [0, " + count + ")");
        }
    }
}
