package mda.engine.attribution;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import mda.engine.analysis.Concentration;
import mda.engine.analysis.Correlation;
import mda.engine.analysis.Enrichment;
import mda.engine.analysis.Outliers;
import mda.engine.analysis.PowerLawResult;
import mda.engine.util.ReportJson;

/**
 * The §4–5 summaries of one attribution's score distribution: power-law fits of the positive scores and, separately,
 * of the magnitudes of the negative ones (α, xmin, KS, SE, likelihood ratios; spec §4.1: the two tails differ),
 * concentration (top-1/5/10% share of positive influence, Gini, positive vs negative mass), outliers above 10× the
 * median |score|, Spearman ρ of score vs the sample's longest repeat, and category enrichment of the top 5%.
 *
 * @param powerLaw         fit of the positive scores; null when fewer than {@link #MIN_POSITIVE} are positive
 * @param negativePowerLaw fit of −score over the negative scores; null when fewer than {@link #MIN_POSITIVE} are
 *                         negative
 */
public record AttributionAnalysis(int n, PowerLawResult powerLaw, PowerLawResult negativePowerLaw,
                                  Concentration concentration, Outliers outliers, double spearmanRepeat,
                                  int top5Count, Map<String, Enrichment> top5Enrichment, int[] longestRepeat,
                                  String[] categories) {
    /** Minimum number of scores in a tail (positive, or negative) for its power-law fit. */
    public static final int MIN_POSITIVE = 10;

    /** Computes every summary; {@code replicates} bootstrap draws for the power-law p-value (0 skips it). */
    public static AttributionAnalysis of(AttributionData data, int replicates) {
        AttributionScores s = data.scores();
        double[] scores = s.scoresAsDoubles();
        int n = scores.length;
        if (n < 2) {
            throw new IllegalArgumentException("attribution " + data.record().id() + " has " + n
                    + " scores; the analysis needs at least 2");
        }
        int[] repeat = new int[n];
        double[] repeatD = new double[n];
        String[] cats = new String[n];
        for (int i = 0; i < n; i++) {
            long id = s.sampleIds()[i];
            repeat[i] = data.longestRepeat(id).length();
            repeatD[i] = repeat[i];
            cats[i] = data.category(id);
        }
        long seed = data.run().seed();
        PowerLawResult pl = tail(scores, 1, replicates, seed);
        PowerLawResult neg = tail(scores, -1, replicates, seed ^ NEGATIVE_SALT);
        int top = Math.max(1, (int) Math.round(0.05 * n));
        return new AttributionAnalysis(n, pl, neg, Concentration.of(scores),
                Outliers.of(scores, Outliers.DEFAULT_FACTOR), Correlation.spearman(scores, repeatD), top,
                Enrichment.table(scores, cats, top), repeat, cats);
    }

    /** Salt of the negative tail's bootstrap stream, so that the two tails do not share their draws. */
    static final long NEGATIVE_SALT = 0x6E65676174697665L;

    /**
     * The power-law analysis of one tail: {@code sign} 1 fits the positive scores, −1 the magnitudes of the negative
     * ones; null with fewer than {@link #MIN_POSITIVE} such scores.
     */
    static PowerLawResult tail(double[] scores, int sign, int replicates, long seed) {
        int count = 0;
        for (double v : scores) {
            count += sign * v > 0 ? 1 : 0;
        }
        if (count < MIN_POSITIVE) {
            return null;
        }
        double[] x = new double[count];
        int k = 0;
        for (double v : scores) {
            if (sign * v > 0) {
                x[k++] = sign * v;
            }
        }
        return PowerLawResult.analyse(x, Math.min(mda.engine.analysis.PowerLawFit.DEFAULT_MIN_TAIL,
                Math.max(5, count / 2)), replicates, seed, () -> false);
    }

    /** The summaries (not the per-sample arrays) as JSON. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("signConvention", "positive = helps the head form");
        m.put("powerLaw", powerLaw);
        m.put("negativePowerLaw", negativePowerLaw);
        m.put("concentration", concentration);
        m.put("netMassRatio", concentration.netMassRatio());
        m.put("outliers", outliers);
        m.put("spearmanScoreVsLongestRepeat", spearmanRepeat);
        m.put("top5Count", top5Count);
        m.put("top5Enrichment", top5Enrichment);
        return ReportJson.of(m);
    }

    /** Writes one CSV row per sample: sample_id, score, mean_loss, longest_repeat, category. */
    public void writeCsv(AttributionScores s, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("sample_id,score,mean_loss,longest_repeat,category\n");
            for (int i = 0; i < s.size(); i++) {
                w.write(s.sampleIds()[i] + "," + s.scores()[i] + "," + s.meanLoss()[i] + "," + longestRepeat[i] + ","
                        + csv(categories[i]) + "\n");
            }
        }
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
