package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mda.app.ui.FigureFiles;
import mda.app.ui.TinyGuiProject;
import mda.engine.analysis.Concentration;
import mda.engine.analysis.PowerLawResult;
import mda.engine.attribution.AttributionAnalysis;
import mda.engine.attribution.AttributionData;
import mda.engine.attribution.Block;
import mda.engine.attribution.BlockFactors;
import mda.engine.attribution.EkfacFactors;
import mda.engine.probe.MetricKind;
import mda.engine.store.Project;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis and figure commands without a window: {@code mda analyze} (both tails, concentration), {@code mda
 * export} (the figure pack), {@code mda heads --out} (the training figures) and {@code mda factors} (the EK-FAC
 * diagnostics and spectrum), in the chosen formats and size; bad options refused in one line.
 */
class ExportCliTest {
    static final List<String> CHARTS = List.of("histogram", "ccdf", "rank", "scatter", "mass", "lorenz",
            "spectrum", "formation");

    @TempDir
    static Path shared;
    static Path dir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void project() throws Exception {
        dir = shared.resolve("proj");
        TinyGuiProject.create(dir);
    }

    @Test
    void headsWritesTheTrainingFigures() throws Exception {
        Path out = tmp.resolve("training");
        CliRun r = CliRun.of("heads", "-p", dir.toString(), "--out", out.toString(), "--formats", "svg,png", "--dpi",
                "72").ok();
        assertTrue(r.out().startsWith("run toy"), r.out());
        List<String> figures = new java.util.ArrayList<>(List.of("loss", "formation"));
        for (String kind : MetricKind.HEAD_KINDS) {
            figures.add("heads-" + kind);
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(2 * figures.size(), files.count(), "each figure as SVG and PNG");
        }
        for (String f : figures) {
            FigureFiles.png(out.resolve(f + ".png"), 252, 189);
            assertTrue(r.out().contains("wrote " + out.resolve(f + ".svg")), r.out());
        }
        FigureFiles.svg(out.resolve("heads-induction.svg"));
        assertTrue(Files.readString(out.resolve("heads-induction.svg")).contains("induction score at step 24"));

        CliRun.of("heads", "-p", dir.toString(), "--out", out.toString(), "--formats", "tiff")
                .badInput("unknown figure format 'tiff'");
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        CliRun.of("heads", "-p", dir.toString(), "--out", file.toString()).badInput("is a file");
    }

    @Test
    void factorsReportsEachBlockAndDrawsTheSpectrum() throws Exception {
        long id = attribution();
        Path json = tmp.resolve("factors.json");
        Path svg = tmp.resolve("spectrum.svg");
        CliRun r = CliRun.of("factors", "-p", dir.toString(), "--attribution", Long.toString(id), "--json",
                json.toString(), "--out", svg.toString()).ok();
        for (String block : List.of("QK ", "V ", "O ")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(block)), block + "in: " + r.out());
        }
        FigureFiles.svg(svg);
        assertTrue(Files.readString(svg).contains("EK-FAC spectrum of L1.H0, step " + TinyGuiProject.ATTRIBUTION_STEP));

        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(id, o.get("attribution").getAsLong());
        JsonArray blocks = o.getAsJsonArray("blocks");
        assertEquals(3, blocks.size());
        EkfacFactors factors;
        try (Project p = Project.open(dir)) {
            factors = EkfacFactors.load(p.blob(p.attributions().get(id).orElseThrow().factorsPath()));
        }
        for (int i = 0; i < 3; i++) {
            JsonObject b = blocks.get(i).getAsJsonObject();
            BlockFactors f = factors.block(Block.valueOf(b.get("block").getAsString()));
            // the default damping is 0.1 × mean(Λ) per block (spec §3.6)
            assertEquals(0.1 * b.get("lambdaMean").getAsDouble(), b.get("damping").getAsDouble(), 1e-12);
            assertEquals(f.damping(), b.get("damping").getAsDouble(), 0.0);
            double srank = b.get("stableRankA").getAsDouble();
            assertTrue(srank >= 1 && srank <= f.dIn(), "stable rank in [1, d_in]: " + srank);
            double below = b.get("belowDamping").getAsDouble();
            assertTrue(below >= 0 && below <= 1, "a share: " + below);
            int counted = b.get("zeros").getAsInt();
            for (var e : b.getAsJsonArray("decades")) {
                counted += e.getAsInt();
            }
            assertEquals(f.dIn() * f.dOut(), counted, "every Λ entry counted once");
        }

        CliRun.of("factors", "-p", dir.toString(), "--attribution", "99").badInput("no attribution with id 99");
        Path bin;
        try (Project p = Project.open(dir)) {
            bin = p.blob(p.attributions().get(id).orElseThrow().factorsPath());
        }
        Path aside = tmp.resolve("factors.aside");
        Files.move(bin, aside);
        try {
            CliRun.of("factors", "-p", dir.toString(), "--attribution", Long.toString(id)).badInput("factors.bin is "
                    + "missing", "run 'mda attribute'");
        } finally {
            Files.move(aside, bin);
        }
        CliRun.of("factors", "-p", dir.toString(), "--attribution", Long.toString(id), "--out", "x.bmp")
                .badInput("name the file .png, .svg or .pdf");
    }

    @Test
    void analyzeFitsBothTailsApartAndStatesTheConcentration() throws Exception {
        long id = attribution();
        Path json = tmp.resolve("analysis.json");
        CliRun r = CliRun.of("analyze", "-p", dir.toString(), "--attribution", Long.toString(id), "--json",
                json.toString()).ok();
        AttributionAnalysis a;
        try (Project p = Project.open(dir)) {
            a = AttributionAnalysis.of(AttributionData.open(p, id), 0);
        }
        for (String tail : List.of("positive scores", "negative scores (magnitudes)")) {
            PowerLawResult pl = tail.startsWith("positive") ? a.powerLaw() : a.negativePowerLaw();
            String line = pl == null ? String.format("power law of %s: too few scores", tail)
                    : String.format("power law of %s: alpha %.3f (SE %.3f; CCDF slope %.3f, rank-plot slope %.3f)",
                    tail, pl.alpha(), pl.se(), -(pl.alpha() - 1), -1 / (pl.alpha() - 1));
            assertTrue(r.out().contains(line), line + " in: " + r.out());
        }
        Concentration c = a.concentration();
        assertTrue(r.out().contains(String.format("top 5%% %.1f%%, top 10%% %.1f%%; Gini %.3f", 100 * c.top5Share(),
                100 * c.top10Share(), c.gini())), r.out());
        assertTrue(r.out().contains(String.format("net mass ratio %.4g", c.positiveMass() / c.negativeMass())),
                r.out());
        assertTrue(r.out().contains(String.format("outliers: %,d samples above 10x the median |score| (%.4g) hold %.1f%%",
                a.outliers().count(), a.outliers().medianAbs(), 100 * a.outliers().massShare())), r.out());
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertTrue(o.has("negativePowerLaw") && o.has("netMassRatio") && o.has("outliers"), o.keySet().toString());

        // an attribution against itself agrees fully, over every sample it scored
        Path agree = tmp.resolve("agree.json");
        CliRun self = CliRun.of("analyze", "-p", dir.toString(), "--attribution", Long.toString(id), "--against",
                Long.toString(id), "--against-json", agree.toString()).ok();
        assertTrue(self.out().contains(String.format("over %,d shared samples", a.n())), self.out());
        assertTrue(self.out().contains("Spearman rho 1.000, Pearson r 1.000, same sign 100.0%"), self.out());
        JsonObject g = JsonParser.parseString(Files.readString(agree)).getAsJsonObject();
        for (var level : g.getAsJsonArray("levels")) {
            JsonObject l = level.getAsJsonObject();
            assertEquals(l.get("k").getAsInt(), l.get("topShared").getAsInt());
        }
        CliRun.of("analyze", "-p", dir.toString(), "--attribution", Long.toString(id), "--against", "99")
                .badInput("no attribution with id 99");
        CliRun.of("analyze", "-p", dir.toString(), "--attribution", Long.toString(id), "--against-json",
                agree.toString()).badInput("--against-json needs --against");
    }

    private static long attribution() {
        try (Project p = Project.open(dir)) {
            return p.attributions().forRun(p.runs().byName(TinyGuiProject.RUN).orElseThrow().id()).get(0).id();
        }
    }

    @Test
    void writesTheFigurePackWithoutAWindow() throws Exception {
        long id = attribution();
        String a = Long.toString(id);
        String proj = dir.toString();

        Path out = tmp.resolve("paper");
        CliRun r = CliRun.of("export", "-p", proj, "--attribution", a, "--out", out.toString(), "--preset", "double",
                "--dpi", "100", "--formats", "png,svg").ok();
        // eight charts in two formats, plus samples.csv, scores.csv and factors.json; no interventions in this project
        assertTrue(r.out().strip().endsWith("wrote 19 files to " + out), r.out());
        for (String c : CHARTS) {
            FigureFiles.png(out.resolve(c + ".png"), 700, 525);
            FigureFiles.svg(out.resolve(c + ".svg"));
            assertFalse(Files.exists(out.resolve(c + ".pdf")), "pdf was not asked for");
        }
        assertTrue(Files.readString(out.resolve("formation.svg")).contains("attribution step "
                + TinyGuiProject.ATTRIBUTION_STEP));
        assertTrue(Files.readAllLines(out.resolve("scores.csv")).size() > 60);

        CliRun.of("export", "-p", proj, "--attribution", a, "--formats", "pdf").ok();
        Path standard = dir.resolve("figures").resolve("attribution-" + id);
        try (Stream<Path> files = Files.list(standard)) {
            assertEquals(11, files.count(), "eight PDFs, two CSVs and the factors' JSON in the project's figures folder");
        }
        for (String c : CHARTS) {
            FigureFiles.pdf(standard.resolve(c + ".pdf"));
        }

        CliRun.of("export", "-p", proj, "--attribution", "99").badInput("no attribution with id 99");
        CliRun.of("export", "-p", proj, "--attribution", a, "--formats", "png,gif")
                .badInput("unknown figure format 'gif'", "png, svg or pdf");
        CliRun.of("export", "-p", proj, "--attribution", a, "--dpi", "5").badInput("--dpi 5 is out of range");
        CliRun.of("export", "-p", proj, "--attribution", a, "--preset", "a4").badInput("unknown --preset 'a4'");
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        CliRun.of("export", "-p", proj, "--attribution", a, "--out", file.toString()).badInput("is a file");
    }
}
