package mda.engine.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an attribution holds per stage, from the slice's shapes and the sample counts (kronfluence #43: users could
 * not tell which stage needs how much). These are the sizes of the engine's own structures, exact for the code as it
 * is: the fit's covariance sums and eigenbases, the per-sequence gradients a one-pass fit keeps, the factors file,
 * and the score and token files. The forward/backward activations of one batch come on top of them; {@code mda bench}
 * measures those.
 *
 * @param factorBytes         A, S, their eigenbases and Λ for every block, float64 (what the fit holds at its peak)
 * @param perSequenceBytes    one fitting sequence's gradient, float32, summed over the blocks
 * @param fitSequences        fitting sequences
 * @param storeBudgetBytes    the most the fit keeps of per-sequence gradients before it takes a second pass instead
 * @param scoreFileBytes      the score file (id, score, loss per candidate)
 * @param tokenFileBytes      the token contributions kept for the top and bottom samples
 */
public record AttributionMemory(long factorBytes, long perSequenceBytes, long fitSequences, long storeBudgetBytes,
                                long scoreFileBytes, long tokenFileBytes) {

    public static AttributionMemory of(HeadSlice slice, long candidates, long fitSequences, int ctx,
            long storeBudgetBytes) {
        long factors = 0;
        for (Block b : slice.blocks()) {
            long in = slice.dIn(b);
            long out = slice.dOut(b);
            factors += 8 * (2 * in * in + 2 * out * out + in * out); // A and Q_A, S and Q_S, Λ
        }
        long kept = Math.min(candidates, 2L * TokenContributions.DEFAULT_KEEP);
        return new AttributionMemory(factors, StoredGradients.bytesPerSequence(slice), fitSequences,
                storeBudgetBytes, 12 * candidates, kept * (12 + 4L * ctx));
    }

    /** Whether the fit keeps the per-sequence gradients (one pass over the fitting samples) or makes two passes. */
    public boolean onePass() {
        return storeBudgetBytes > 0 && fitSequences * perSequenceBytes <= storeBudgetBytes;
    }

    /** What the fit will hold, printed before it starts. */
    public List<String> fitLines() {
        List<String> out = new ArrayList<>();
        out.add("memory: EK-FAC factors (A, S, their eigenbases and Λ, float64): " + mib(factorBytes));
        long stored = fitSequences * perSequenceBytes;
        out.add(onePass()
                ? String.format(Locale.ROOT, "memory: fit keeps %,d per-sequence gradients of %s each: %s (within the "
                        + "%s budget: one pass over the fitting samples)", fitSequences, kib(perSequenceBytes),
                        mib(stored), mib(storeBudgetBytes))
                : String.format(Locale.ROOT, "memory: %,d per-sequence gradients of %s each would take %s, over the %s "
                        + "budget: the fit makes a second pass instead of keeping them", fitSequences,
                        kib(perSequenceBytes), mib(stored), mib(storeBudgetBytes)));
        out.add("memory: the forward and backward activations of one batch come on top (see 'mda bench')");
        return out;
    }

    /** What scoring writes, printed before it starts. */
    public String diskLine() {
        return "disk: scores " + mib(scoreFileBytes) + ", token contributions of the top and bottom samples "
                + mib(tokenFileBytes);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
