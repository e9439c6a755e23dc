package mda.engine.intervene;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mda.engine.analysis.Median;
import mda.engine.probe.Comparison;
import mda.engine.probe.LogisticFit;
import mda.engine.probe.Onset;
import mda.engine.probe.OnsetResult;
import mda.engine.probe.ReferenceLevels;
import mda.engine.util.SplitMix64;

/**
 * Compares a group of intervention runs with their baselines, paired by seed (spec §2.6, §6.4): reference levels
 * from each seed's baseline only; onsets at τ = 0.25/0.5/0.75 with bootstrap CIs; max-slope and logistic onsets;
 * delta and ratio per seed with mean ± sd and a sign test; the area between curves over [0, 3·s*_base] in
 * log-step. Censored runs are reported, never dropped: a censored intervention's delta and ratio are lower bounds.
 */
public final class RunComparison {
    /** The thresholds of §2.6; index 1 is the headline. */
    public static final double[] TAUS = {0.25, 0.5, 0.75};
    /** Bootstrap replicates for onset CIs (§2.6.5). */
    public static final int REPLICATES = 200;

    private RunComparison() {
    }

    /**
     * Onsets of one run at every τ, and the threshold-free alternatives.
     *
     * @param byTau     onset with bootstrap CI at each τ (CI bounds NaN without per-sequence values)
     * @param maxSlope  max-slope step (§2.6.3)
     * @param logistic  logistic-fit onset e^c; NaN when the curve does not rise or the fit fails
     */
    public record Onsets(Onset.OnsetCi[] byTau, double maxSlope, double logistic) {
        public OnsetResult at(int tauIndex) {
            return byTau[tauIndex].estimate();
        }
    }

    /**
     * One seed: the intervention run against the baseline of the same seed.
     *
     * @param ref          the baseline's reference levels
     * @param base         baseline onsets (null when no onset is defined, see note)
     * @param intervention intervention onsets (null likewise)
     * @param byTau        the §2.6.4 comparison at each τ (null likewise); its areas use that τ's 3·s*_base
     * @param note         why no onset is defined, or null
     */
    public record Pair(long seed, String baseRun, String run, ReferenceLevels ref, Onsets base, Onsets intervention,
                       Comparison[] byTau, String note) {
    }

    /**
     * Over seeds at one τ. Ratios and deltas of pairs with an uncensored baseline; a censored intervention's values
     * are included as lower bounds and counted.
     *
     * @param ratios               per-seed ratio, NaN where the baseline is censored or undefined
     * @param deltas               per-seed delta, likewise
     * @param ratio                mean, sd of the finite ratios (its sign test counts ratio − 1)
     * @param delta                mean, sd and sign test of the finite deltas; null when there are none
     * @param baseCensored         pairs whose baseline never crossed θ_τ (or never formed)
     * @param interventionCensored pairs whose intervention never crossed θ_τ
     */
    public record Summary(double tau, double[] ratios, double[] deltas, Comparison.PairedSummary ratio,
                          Comparison.PairedSummary delta, int baseCensored, int interventionCensored) {
        /** Median of the finite per-seed ratios (NaN when none). */
        public double medianRatio() {
            return Median.ofSorted(Arrays.stream(ratios).filter(Double::isFinite).sorted().toArray());
        }
    }

    /** A group (one plan over seeds) on one metric. */
    public record Result(String metric, String group, List<Pair> pairs, Summary[] byTau) {
    }

    /**
     * Compares every intervention curve with the baseline curve of the same seed.
     *
     * @throws IllegalArgumentException when an intervention's seed has no baseline
     */
    public static Result compare(String metric, String group, List<RunCurve> baselines,
            List<RunCurve> interventions) {
        Map<Long, RunCurve> bySeed = new LinkedHashMap<>();
        for (RunCurve b : baselines) {
            bySeed.put(b.seed(), b);
        }
        List<Pair> pairs = new ArrayList<>();
        for (RunCurve run : interventions) {
            RunCurve base = bySeed.get(run.seed());
            if (base == null) {
                throw new IllegalArgumentException("run " + run.run() + " (seed " + run.seed() + ") has no baseline "
                        + "trained with the same seed; baselines have seeds " + bySeed.keySet());
            }
            pairs.add(pair(base, run));
        }
        Summary[] summaries = new Summary[TAUS.length];
        for (int t = 0; t < TAUS.length; t++) {
            summaries[t] = summarize(TAUS[t], t, pairs);
        }
        return new Result(metric, group, pairs, summaries);
    }

    static Pair pair(RunCurve base, RunCurve run) {
        if (base.size() < 6) {
            return new Pair(run.seed(), base.run(), run.run(), null, null, null, null,
                    "the baseline has only " + base.size() + " checkpoints; an onset needs at least 6");
        }
        ReferenceLevels ref = ReferenceLevels.fromBaseline(base.values());
        if (!ref.rises()) {
            return new Pair(run.seed(), base.run(), run.run(), ref, null, null, null, String.format(
                    java.util.Locale.ROOT, "the baseline never formed (m_lo %.4f, m_hi %.4f)", ref.low(),
                    ref.high()));
        }
        Comparison[] byTau = new Comparison[TAUS.length];
        for (int t = 0; t < TAUS.length; t++) {
            byTau[t] = Comparison.of(base.steps(), base.values(), run.steps(), run.values(), ref, TAUS[t]);
        }
        return new Pair(run.seed(), base.run(), run.run(), ref, onsets(base, ref), onsets(run, ref), byTau, null);
    }

    /** Onsets with CIs; each run's bootstrap uses its seed's BOOTSTRAP stream, so identical runs agree exactly. */
    static Onsets onsets(RunCurve c, ReferenceLevels ref) {
        Onset.OnsetCi[] cis = new Onset.OnsetCi[TAUS.length];
        for (int t = 0; t < TAUS.length; t++) {
            if (c.perSeq() != null) {
                cis[t] = Onset.bootstrapCi(c.steps(), c.perSeq(), ref, TAUS[t], REPLICATES,
                        SplitMix64.stream(c.seed() + t, SplitMix64.Stream.BOOTSTRAP));
            } else {
                cis[t] = new Onset.OnsetCi(Onset.onset(c.steps(), c.values(), ref, TAUS[t]), Double.NaN, Double.NaN,
                        0, 0);
            }
        }
        double logistic;
        try {
            LogisticFit fit = LogisticFit.fit(c.steps(), c.values());
            logistic = fit.b() > 0 ? fit.onsetStep() : Double.NaN;
        } catch (IllegalArgumentException flat) {
            logistic = Double.NaN;
        }
        return new Onsets(cis, Onset.maxSlopeStep(c.steps(), c.values()), logistic);
    }

    private static Summary summarize(double tau, int t, List<Pair> pairs) {
        double[] ratios = new double[pairs.size()];
        double[] deltas = new double[pairs.size()];
        int baseCensored = 0;
        int intCensored = 0;
        List<Double> finiteRatios = new ArrayList<>();
        List<Double> finiteDeltas = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            if (p.byTau() == null || p.byTau()[t].base().rightCensored()) {
                baseCensored++;
                ratios[i] = Double.NaN;
                deltas[i] = Double.NaN;
                continue;
            }
            Comparison c = p.byTau()[t];
            if (c.intervention().rightCensored()) {
                intCensored++;
            }
            ratios[i] = c.ratio();
            deltas[i] = c.delta();
            finiteRatios.add(c.ratio() - 1);
            finiteDeltas.add(c.delta());
        }
        Comparison.PairedSummary r = null;
        Comparison.PairedSummary d = null;
        if (!finiteDeltas.isEmpty()) {
            Comparison.PairedSummary shifted = Comparison.summarize(
                    finiteRatios.stream().mapToDouble(Double::doubleValue).toArray());
            r = new Comparison.PairedSummary(shifted.mean() + 1, shifted.sd(), shifted.positive(),
                    shifted.negative(), shifted.signTestP());
            d = Comparison.summarize(finiteDeltas.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return new Summary(tau, ratios, deltas, r, d, baseCensored, intCensored);
    }
}
