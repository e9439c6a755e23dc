package mda.engine.attribution;

import com.google.gson.GsonBuilder;
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
import mda.engine.analysis.PowerLawResult;

/**
 * The §4–5 summaries of one attribution's score distribution: a power-law fit of the positive scores (α, xmin,
 * KS, SE, likelihood ratios), concentration (top-1%/10% share of positive influence, positive vs negative mass),
 * Spearman ρ of score vs the sample's longest repeat, and category enrichment of the top 5%.
 *
 * @param powerLaw fit of the positive scores; null when fewer than 10 are positive
 */
public record AttributionAnalysis(int n, PowerLawResult powerLaw, Concentration concentration, double spearmanRepeat,
                                  int top5Count, Map<String, Enrichment> top5Enrichment, int[] longestRepeat,
                                  String[] categories) {
    /** Minimum number of positive scores for a power-law fit. */
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
        int positive = 0;
        for (int i = 0; i < n; i++) {
            long id = s.sampleIds()[i];
            repeat[i] = data.longestRepeat(id).length();
            repeatD[i] = repeat[i];
            cats[i] = data.category(id);
            positive += scores[i] > 0 ? 1 : 0;
        }
        PowerLawResult pl = null;
        if (positive >= MIN_POSITIVE) {
            double[] pos = new double[positive];
            int k = 0;
            for (double v : scores) {
                if (v > 0) {
                    pos[k++] = v;
                }
            }
            pl = PowerLawResult.analyse(pos,
                    Math.min(mda.engine.analysis.PowerLawFit.DEFAULT_MIN_TAIL, Math.max(5, positive / 2)), replicates, data.run().seed(), () -> false);
        }
        int top = Math.max(1, (int) Math.round(0.05 * n));
        return new AttributionAnalysis(n, pl, Concentration.of(scores), Correlation.spearman(scores, repeatD), top,
                Enrichment.table(scores, cats, top), repeat, cats);
    }

    /** The summaries (not the per-sample arrays) as JSON. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("signConvention", "positive = helps the head form");
        m.put("powerLaw", powerLaw);
        m.put("concentration", concentration);
        m.put("spearmanScoreVsLongestRepeat", spearmanRepeat);
        m.put("top5Count", top5Count);
        m.put("top5Enrichment", top5Enrichment);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create().toJson(m);
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
