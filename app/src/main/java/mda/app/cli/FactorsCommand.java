package mda.app.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import mda.app.ui.attribution.FactorFigure;
import mda.app.ui.common.ChartExport;
import mda.engine.attribution.AttributionData;
import mda.engine.attribution.EkfacFactors;
import mda.engine.attribution.FactorDiagnostics;
import mda.engine.store.AttributionRecord;
import mda.engine.store.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mda factors --attribution A}: the health of an attribution's fitted EK-FAC factors per block (spec §3.12):
 * stable ranks, the spread of Λ against the damping, the damping-dominated share and the damped condition number.
 */
@Command(name = "factors", description = "Diagnostics of an attribution's EK-FAC factors per block: stable rank of A "
        + "and S, the range of the corrected eigenvalues Λ, the damping λ and the share of Λ below it, the condition "
        + "number the IHVP inverts, and Λ per decade; the spectrum as a figure (--out).")
final class FactorsCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--attribution", required = true, description = "attribution id (printed by 'mda attribute')")
    long id;

    @Option(names = "--json", description = "write the diagnostics as JSON here")
    Path json;

    @Option(names = "--out", description = "write the spectrum figure here; the extension picks the format: .png, "
            + ".svg or .pdf")
    Path out;

    @Mixin
    PaperOptions paper;

    @Override
    public Integer call() throws Exception {
        ChartExport.Preset preset = paper.paper(ChartExport.Preset.SINGLE_COLUMN);
        ChartExport.Format format = out == null ? null : PaperOptions.formatOf(out);
        try (Project p = project.open()) {
            AttributionRecord rec = p.attributions().get(id).orElseThrow(() ->
                    new IllegalArgumentException("the project has no attribution with id " + id));
            if (rec.factorsPath() == null) {
                throw new IllegalArgumentException("attribution " + id + " has no fitted factors yet (status "
                        + rec.status() + "); run 'mda attribute' again to fit them");
            }
            EkfacFactors factors = AttributionData.factors(p, rec);
            if (factors == null) {
                throw new IllegalArgumentException("attribution " + id + ": " + p.blob(rec.factorsPath())
                        + " is missing; run 'mda attribute' with the same options to fit the factors again");
            }
            List<FactorDiagnostics> blocks = FactorDiagnostics.of(factors);
            System.out.printf(Locale.ROOT, "attribution %d: EK-FAC factors of L%d.H%d at step %d, mode %s, damping %s%n",
                    id, rec.layer(), rec.head(), rec.step(), rec.mode(), rec.damping());
            print(blocks);
            if (json != null) {
                Files.writeString(json, FactorDiagnostics.toJson(id, blocks), StandardCharsets.UTF_8);
                System.out.println("wrote " + json);
            }
            if (out != null) {
                ChartExport.write(FactorFigure.spectrum(factors, FactorFigure.title(rec)), format, out, preset.widthInches(),
                        preset.heightInches(), paper.dpi);
                System.out.println("wrote " + out);
            }
        }
        return 0;
    }

    static void print(List<FactorDiagnostics> blocks) {
        System.out.printf(Locale.ROOT, "%-6s %9s %9s %9s %10s %10s %10s %10s %8s %10s%n", "block", "d_out×d_in",
                "srank A", "srank S", "min Λ", "median Λ", "max Λ", "λ", "Λ<λ", "cond");
        for (FactorDiagnostics d : blocks) {
            System.out.printf(Locale.ROOT, "%-6s %9s %9.2f %9.2f %10.3g %10.3g %10.3g %10.3g %7.1f%% %10.3g%s%n",
                    d.block(), d.dOut() + "×" + d.dIn(), d.stableRankA(), d.stableRankS(), d.lambdaMin(),
                    d.lambdaMedian(), d.lambdaMax(), d.damping(), 100 * d.belowDamping(), d.dampedCondition(),
                    d.active() ? "" : "  (skipped: Λ is all zero)");
        }
        for (FactorDiagnostics d : blocks) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-6s Λ per decade:", d.block()));
            if (d.zeros() > 0) {
                s.append(" 0: ").append(d.zeros()).append(";");
            }
            for (int k = 0; k < d.decades().length; k++) {
                if (d.decades()[k] > 0) { // empty decades left out: a null direction sits far below the rest
                    s.append(String.format(Locale.ROOT, " 1e%d: %d", d.firstDecade() + k, d.decades()[k]));
                }
            }
            System.out.println(s);
            if (d.negativeA() + d.negativeS() > 0) {
                System.out.printf(Locale.ROOT, "warning: block %s has %d negative eigenvalues in A and %d in S beyond "
                        + "round-off; the fit may be corrupt: refit with 'mda attribute'%n", d.block(), d.negativeA(),
                        d.negativeS());
            }
        }
    }
}
