package mda.engine.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mda.engine.analysis.Median;
import mda.engine.util.ReportJson;

/**
 * Health of one block's fitted EK-FAC factors (spec §3.12; bergson #92, dattri #143): the stable ranks of A and S, the
 * spread of the corrected eigenvalues Λ against the damping λ, and how many of them the damping dominates (there the
 * IHVP is close to {@code v / λ}, a plain gradient dot product).
 *
 * @param stableRankA    {@code ‖A‖_F² / ‖A‖_2²} from A's eigenvalues (1 = one direction carries all, d_in = isotropic)
 * @param stableRankS    the same for S
 * @param negativeA      eigenvalues of A below −1e-9 · its largest (a Fisher factor is positive semi-definite, so
 *                       these flag round-off trouble or a corrupt fit)
 * @param negativeS      the same for S
 * @param belowDamping   the share of Λ entries smaller than λ
 * @param dampedCondition {@code (max Λ + λ) / (min Λ + λ)}, the condition number the IHVP inverts; NaN when inactive
 * @param zeros          Λ entries that are exactly 0
 * @param firstDecade    the decade of the smallest positive Λ entry, {@code floor(log10)}; 0 when none is positive
 * @param decades        counts of positive Λ entries per decade, from {@code firstDecade} upwards
 */
public record FactorDiagnostics(Block block, int dIn, int dOut, boolean active, double damping, double stableRankA,
                                double stableRankS, int negativeA, int negativeS, double lambdaMin, double lambdaMedian,
                                double lambdaMean, double lambdaMax, double belowDamping, double dampedCondition,
                                int zeros, int firstDecade, int[] decades) {
    /** Relative size below which a negative eigenvalue of A or S counts as round-off. */
    static final double NEGATIVE_TOLERANCE = 1e-9;

    public static FactorDiagnostics of(BlockFactors f) {
        double[] lambda = Arrays.copyOf(f.lambda().data, f.lambda().numRows * f.lambda().numCols);
        Arrays.sort(lambda);
        int n = lambda.length;
        double lam = f.damping();
        int below = 0;
        int zeros = 0;
        double sum = 0;
        double minPositive = Double.POSITIVE_INFINITY;
        for (double v : lambda) {
            sum += v;
            if (v < lam) {
                below++;
            }
            if (v == 0) {
                zeros++;
            } else {
                minPositive = Math.min(minPositive, v);
            }
        }
        double median = Median.ofSorted(lambda);
        int first = 0;
        int[] decades = new int[0];
        if (zeros < n) {
            first = (int) Math.floor(Math.log10(minPositive));
            int last = (int) Math.floor(Math.log10(lambda[n - 1]));
            decades = new int[last - first + 1];
            for (double v : lambda) {
                if (v > 0) {
                    decades[Math.min(decades.length - 1, Math.max(0, (int) Math.floor(Math.log10(v)) - first))]++;
                }
            }
        }
        return new FactorDiagnostics(f.block(), f.dIn(), f.dOut(), f.active(), lam, f.inputBasis().stableRank(),
                f.outputBasis().stableRank(), negatives(f.inputBasis()), negatives(f.outputBasis()), lambda[0],
                median, sum / n, lambda[n - 1], (double) below / n,
                f.active() ? (lambda[n - 1] + lam) / (lambda[0] + lam) : Double.NaN, zeros, first, decades);
    }

    /** One entry per block of the slice, in block order. */
    public static List<FactorDiagnostics> of(EkfacFactors factors) {
        List<FactorDiagnostics> out = new ArrayList<>();
        for (BlockFactors f : factors.blocks().values()) {
            out.add(of(f));
        }
        return out;
    }

    private static int negatives(EigenBasis basis) {
        double max = 0;
        for (double v : basis.values()) {
            max = Math.max(max, Math.abs(v));
        }
        int count = 0;
        for (double v : basis.values()) {
            if (v < -NEGATIVE_TOLERANCE * max) {
                count++;
            }
        }
        return count;
    }

    /** "QK: stable rank A 4.44, S 6.25; 25.7% of Λ below λ = 0.0266; condition 143". */
    public String summary() {
        if (!active) {
            return block + ": skipped (Λ is all zero)";
        }
        return String.format(java.util.Locale.ROOT, "%s: stable rank A %.2f, S %.2f; %.1f%% of Λ below λ = %.3g; "
                + "condition %.3g", block, stableRankA, stableRankS, 100 * belowDamping, damping, dampedCondition);
    }

    /** The diagnostics of every block as JSON, with the attribution they belong to. */
    public static String toJson(long attributionId, List<FactorDiagnostics> blocks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attribution", attributionId);
        m.put("blocks", blocks);
        return ReportJson.of(m);
    }
}
