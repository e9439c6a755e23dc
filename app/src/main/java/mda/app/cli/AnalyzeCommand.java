package mda.app.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import mda.engine.analysis.Concentration;
import mda.engine.analysis.Enrichment;
import mda.engine.analysis.Outliers;
import mda.engine.analysis.PowerLawResult;
import mda.engine.attribution.AttributionAgreement;
import mda.engine.attribution.AttributionAnalysis;
import mda.engine.attribution.AttributionData;
import mda.engine.store.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mda analyze}: power law, concentration, repetition correlation and enrichment of an attribution. */
@Command(name = "analyze", description = "Distribution analysis of an attribution's scores (spec §4–5).")
final class AnalyzeCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--attribution", required = true, description = "attribution id")
    long id;

    @Option(names = "--bootstrap", defaultValue = "0",
            description = "bootstrap replicates for the power-law p-value (default: ${DEFAULT-VALUE}, skipped)")
    int bootstrap;

    @Option(names = "--csv", description = "write per-sample scores, loss, longest repeat and category here")
    Path csv;

    @Option(names = "--json", description = "write the summaries as JSON here")
    Path json;

    @Option(names = "--against", description = "also compare with this attribution (another probe, checkpoint, "
            + "damping or head): rank correlation and the overlap of the top and bottom sets")
    Long against;

    @Option(names = "--against-json", description = "write that comparison as JSON here")
    Path againstJson;

    /** One tail's fit, with both slopes named so that no exponent is read as another (spec §4.6). */
    static void printTail(String what, PowerLawResult pl) {
        if (pl == null) {
            System.out.printf("power law of %s: too few scores (need %d)%n", what, AttributionAnalysis.MIN_POSITIVE);
            return;
        }
        System.out.printf("power law of %s: alpha %.3f (SE %.3f; CCDF slope %.3f, rank-plot slope %.3f), xmin %.4g, "
                + "KS %.4f, tail %d of %d%s%n", what, pl.alpha(), pl.se(), pl.ccdfSlope(), pl.rankSlope(), pl.xmin(),
                pl.ks(), pl.nTail(), pl.n(), Double.isNaN(pl.pValue()) ? "" : String.format(", bootstrap p %.3f",
                        pl.pValue()));
        System.out.printf("  likelihood ratio vs lognormal R %.3f (p %.3g), vs exponential R %.3f (p %.3g); "
                + "R > 0 favours the power law%n", pl.lognormalR(), pl.lognormalP(), pl.exponentialR(),
                pl.exponentialP());
    }

    private void printAgreement(AttributionData data, AttributionData other) throws java.io.IOException {
        AttributionAgreement g = AttributionAgreement.of(data.scores(), other.scores());
        var o = other.record();
        System.out.printf("agreement with attribution %d (L%d.H%d of run %s at step %d, probe %s, mode %s, damping %s) "
                + "over %,d shared samples:%n", o.id(), o.layer(), o.head(), other.run().name(), o.step(), o.probe(),
                o.mode(), o.damping(), g.shared());
        System.out.printf("  Spearman rho %.3f, Pearson r %.3f, same sign %.1f%%%n", g.spearman(), g.pearson(),
                100 * g.sameSign());
        System.out.printf("  %-6s %7s %12s %15s %11s%n", "top", "k", "top shared", "bottom shared", "by chance");
        for (AttributionAgreement.Level l : g.levels()) {
            System.out.printf("  %-6s %7d %11.1f%% %14.1f%% %10.1f%%%n", String.format("%.0f%%", 100 * l.fraction()),
                    l.k(), 100 * l.topOverlap(), 100 * l.bottomOverlap(), 100 * l.chance());
        }
        if (againstJson != null) {
            Files.writeString(againstJson, g.toJson(data.record().id(), o.id()), StandardCharsets.UTF_8);
            System.out.println("wrote " + againstJson);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (againstJson != null && against == null) {
            throw new IllegalArgumentException("--against-json needs --against: name the attribution to compare with");
        }
        try (Project p = project.open()) {
            AttributionData data = AttributionData.open(p, id);
            AttributionAnalysis a = AttributionAnalysis.of(data, bootstrap);
            var rec = data.record();
            System.out.printf("attribution %d: L%d.H%d of run %s at step %d, probe %s, mode %s; %,d samples "
                    + "(positive = helps the head form)%n", rec.id(), rec.layer(), rec.head(), data.run().name(),
                    rec.step(), rec.probe(), rec.mode(), a.n());
            printTail("positive scores", a.powerLaw());
            printTail("negative scores (magnitudes)", a.negativePowerLaw());
            Concentration c = a.concentration();
            System.out.printf("positive influence: top 1%% holds %.1f%%, top 5%% %.1f%%, top 10%% %.1f%%; Gini %.3f%n",
                    100 * c.top1Share(), 100 * c.top5Share(), 100 * c.top10Share(), c.gini());
            System.out.printf("mass: positive %.5g over %,d samples, negative %.5g over %,d samples; net mass ratio "
                    + "%.4g%n", c.positiveMass(), c.nPositive(), c.negativeMass(), c.nNegative(), c.netMassRatio());
            Outliers o = a.outliers();
            System.out.printf("outliers: %,d samples above %.0fx the median |score| (%.4g) hold %.1f%% of the total "
                    + "|score|; the largest is %.3gx the median (reported, not removed)%n", o.count(), o.factor(),
                    o.medianAbs(), 100 * o.massShare(), o.maxRatio());
            System.out.printf("Spearman rho(score, longest repeat) = %.3f%n", a.spearmanRepeat());
            System.out.printf("category enrichment of the top 5%% (%d samples):%n", a.top5Count());
            System.out.printf("  %-16s %6s %8s %8s %8s %10s%n", "category", "top", "share", "base", "ratio",
                    "p(enrich)");
            for (Map.Entry<String, Enrichment> e : a.top5Enrichment().entrySet()) {
                Enrichment en = e.getValue();
                System.out.printf("  %-16s %6d %8.3f %8.3f %8.2f %10.3g%n", e.getKey(), en.hitsTop(), en.topShare(),
                        en.baseRate(), en.ratio(), en.pEnriched());
            }
            if (against != null) {
                printAgreement(data, AttributionData.open(p, against));
            }
            if (csv != null) {
                a.writeCsv(data.scores(), csv);
                System.out.println("wrote " + csv);
            }
            if (json != null) {
                Files.writeString(json, a.toJson(), StandardCharsets.UTF_8);
                System.out.println("wrote " + json);
            }
        }
        return 0;
    }
}
