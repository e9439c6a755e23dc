package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import mda.app.ui.attribution.AttributionViewModel;
import mda.app.ui.samples.SampleRow;
import mda.app.ui.samples.TokenStrip;
import mda.engine.analysis.RepeatedSpans;
import mda.engine.attribution.AttributionAnalysis;
import mda.engine.attribution.AttributionData;
import mda.engine.attribution.EkfacFactors;
import mda.engine.attribution.FactorDiagnostics;
import mda.engine.store.AttributionRecord;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.statistics.HistogramDataset;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Attribution screen's numbers and figures, the Samples table and the Sample inspector's highlights. */
class AttributionAndSamplesScreensTest extends GuiTestBase {
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    private static AttributionData data() throws Exception {
        return read(p -> {
            try {
                AttributionRecord rec = p.attributions().forRun(p.runs().byName(TinyGuiProject.RUN).orElseThrow()
                        .id()).get(0);
                return AttributionData.open(p, rec.id());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void attributionScreenShowsTheEnginesAnalysis(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.ATTRIBUTION);
        waitUntil(() -> !text(robot, "#massText").isEmpty());
        AttributionData d = data();
        AttributionAnalysis a = AttributionAnalysis.of(d, 0);
        assertTrue(text(robot, "#attributionHeader").contains(String.format("%,d samples scored", a.n())),
                text(robot, "#attributionHeader"));
        assertTrue(text(robot, "#attributionHeader").contains("head L1.H0"));
        assertEquals(AttributionViewModel.SIGN_CONVENTION, text(robot, "#signConvention"));
        assertTrue(text(robot, "#signConvention").contains("positive = helps the head form"));
        String mass = text(robot, "#massText");
        assertTrue(mass.startsWith(String.format("positive: %d samples, mass %.4g · negative: %d samples",
                a.concentration().nPositive(), a.concentration().positiveMass(), a.concentration().nNegative())), mass);
        String pl = text(robot, "#powerLawText");
        if (a.powerLaw() == null) {
            assertTrue(pl.startsWith("power law of the positive tail: fewer than"), pl);
        } else {
            assertTrue(pl.contains(String.format("α = %.3f ± %.3f, x_min = %.4g", a.powerLaw().alpha(),
                    a.powerLaw().se(), a.powerLaw().xmin())), pl);
        }
        HistogramDataset h = (HistogramDataset) robot.lookup("#histogramChart").queryAs(ChartViewer.class).getChart()
                .getXYPlot().getDataset();
        int total = 0;
        for (int i = 0; i < h.getItemCount(0); i++) {
            total += (int) h.getYValue(0, i);
        }
        assertEquals(a.n(), total, "every score is in the histogram");
        var ccdf = robot.lookup("#ccdfChart").queryAs(ChartViewer.class).getChart().getXYPlot().getDataset();
        assertEquals(a.concentration().nPositive(), ccdf.getItemCount(0), "one CCDF point per positive score");
        assertEquals(a.concentration().nNegative(), ccdf.getItemCount(1), "and one per negative score");
        assertEquals(2 + (a.powerLaw() == null ? 0 : 1) + (a.negativePowerLaw() == null ? 0 : 1),
                ccdf.getSeriesCount(), "both tails, each with its fit when there is one");
        assertTrue(pl.contains("power law of the negative tail (|score|)"), pl);
        assertTrue(mass.contains(String.format("Gini %.3f", a.concentration().gini())), mass);
        var lorenz = robot.lookup("#lorenzChart").queryAs(ChartViewer.class).getChart().getXYPlot().getDataset();
        int last = lorenz.getItemCount(0) - 1;
        assertEquals(1.0, lorenz.getXValue(0, last), 1e-12);
        assertEquals(1.0, lorenz.getYValue(0, last), 1e-12, "the whole positive mass at the end");

        // the factors' health, block by block, and their spectrum: one series per block, one point per positive Λ
        EkfacFactors factors = read(p -> {
            try {
                return AttributionData.factors(p, d.record());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<FactorDiagnostics> diag = FactorDiagnostics.of(factors);
        assertEquals("EK-FAC factors · " + diag.get(0).summary() + " · " + diag.get(1).summary() + " · "
                + diag.get(2).summary(), text(robot, "#factorsText"));
        var spectrum = robot.lookup("#spectrumChart").queryAs(ChartViewer.class).getChart().getXYPlot().getDataset();
        assertEquals(3, spectrum.getSeriesCount(), "QK, V and O");
        for (int b = 0; b < 3; b++) {
            assertEquals(diag.get(b).dIn() * diag.get(b).dOut() - diag.get(b).zeros(), spectrum.getItemCount(b));
        }

        // compared with itself, an attribution agrees fully
        assertEquals("", text(robot, "#agreementText").strip());
        javafx.scene.control.ComboBox<mda.engine.store.AttributionRecord> against =
                robot.lookup("#compareChoice").queryComboBox();
        robot.interact(() -> against.setValue(against.getItems().get(0)));
        waitUntil(() -> !text(robot, "#agreementText").isBlank());
        String agree = text(robot, "#agreementText");
        assertTrue(agree.startsWith("agreement with #" + d.record().id()), agree);
        assertTrue(agree.contains(String.format("Spearman ρ 1.000 over %,d shared samples", a.n())), agree);
        assertTrue(agree.contains("1% → 100.0%") && agree.contains("bottom 10% shared 100.0%"), agree);
        robot.clickOn("#compareClear");
        waitUntil(() -> text(robot, "#agreementText").isBlank());
        assertEquals(null, against.getValue());
    }

    @Test
    void scatterShowsEverySampleAgainstItsLongestRepeatWithTheEnginesSpearman(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.ATTRIBUTION);
        waitUntil(() -> !text(robot, "#spearmanText").isEmpty());
        AttributionData d = data();
        AttributionAnalysis a = AttributionAnalysis.of(d, 0);
        double[] scores = d.scores().scoresAsDoubles();
        double[] rep = java.util.Arrays.stream(a.longestRepeat()).asDoubleStream().toArray();
        mda.engine.analysis.Correlation.Test t = mda.engine.analysis.Correlation.spearmanTest(scores, rep, 999,
                d.run().seed());
        assertEquals(a.spearmanRepeat(), t.rho(), 1e-12, "one ρ in the analysis and the test");
        String shown = String.format("Spearman ρ(score, longest repeat) = %.3f, p = %.3g (n = %,d", t.rho(), t.p(), t.n());
        assertTrue(text(robot, "#spearmanText").startsWith(shown), text(robot, "#spearmanText") + " vs " + shown);

        var chart = robot.lookup("#scatterChart").queryAs(ChartViewer.class).getChart();
        var data = chart.getXYPlot().getDataset();
        assertEquals(2, data.getSeriesCount());
        assertEquals(a.concentration().nPositive(), data.getItemCount(0), "one point per positive sample");
        assertEquals(a.n(), data.getItemCount(0) + data.getItemCount(1), "one point per sample");
        // every point sits at its sample's (longest repeat, score)
        java.util.Map<String, Integer> want = new java.util.HashMap<>();
        for (int i = 0; i < scores.length; i++) {
            want.merge(a.longestRepeat()[i] + "/" + scores[i], 1, Integer::sum);
        }
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                String key = (int) data.getXValue(s, i) + "/" + data.getYValue(s, i);
                assertTrue(want.merge(key, -1, Integer::sum) >= 0, "unexpected point " + key);
                assertEquals(s == 0, data.getYValue(s, i) > 0, "series by sign");
            }
        }
        assertEquals("score (positive = helps)", chart.getXYPlot().getRangeAxis().getLabel());
        assertEquals("positive = helps the head form", data.getSeriesKey(0));
        assertEquals(mda.app.ui.attribution.AttributionFigures.logRepeatAxis(a.longestRepeat()),
                chart.getXYPlot().getDomainAxis() instanceof org.jfree.chart.axis.LogAxis);
        assertTrue(chart.getSubtitles().stream().anyMatch(x -> x instanceof org.jfree.chart.title.TextTitle
                && ((org.jfree.chart.title.TextTitle) x).getText().equals(String.format("Spearman ρ = %.3f, p = %.2g, "
                + "n = %,d", t.rho(), t.p(), t.n()))), "the exported figure carries ρ");
        assertTrue(((org.jfree.chart.fx.ChartViewer) robot.lookup("#histogramChart").query()).getChart().getXYPlot()
                .getDomainAxis().getLabel().contains("positive = helps the head form"));
    }

    @Test
    void inspectorOverlaysTokenInfluenceAndLinksRepeatPartnersOnHover(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.SAMPLES);
        TableView<SampleRow> table = robot.lookup("#sampleTable").queryTableView();
        waitUntil(() -> !table.getItems().isEmpty());
        // the sample with the longest repeat among the shown rows has repeat pairs to hover
        SampleRow pick = table.getItems().stream().max(java.util.Comparator.comparingInt(SampleRow::repeatLength))
                .orElseThrow();
        robot.interact(() -> table.getSelectionModel().select(pick));
        waitUntil(() -> text(robot, "#inspectorHeader").startsWith("Sample #" + pick.sampleId() + " "));
        robot.clickOn("#influenceOverlay");
        AttributionData d = data();
        var row = d.tokenContributions().row(pick.sampleId());
        assertTrue(row != null, "the shown samples are among the kept top/bottom");
        float[] c = row.contributions();
        double max = 0;
        for (float v : c) {
            max = Math.max(max, Math.abs(v));
        }
        double sum = 0;
        TokenStrip strip = robot.lookup("#sampleTokens").queryAs(TokenStrip.class);
        for (int i = 0; i < c.length; i++) {
            sum += c[i];
            String style = strip.style(i);
            String want = String.format(java.util.Locale.ROOT, "rgba(%s,%.3f)", c[i] >= 0 ? "0,114,178" : "213,94,0",
                    Math.abs(c[i]) / max);
            assertTrue(style.contains(want), "token " + i + ": " + style + " lacks " + want);
        }
        assertEquals(pick.score(), sum, 1e-3 * Math.max(1, Math.abs(sum)), "the contributions add up to the score");

        int[] tokens = d.tokens(pick.sampleId());
        RepeatedSpans.Span sp = RepeatedSpans.find(tokens, 4).get(0);
        int pair = strip.pairOf(sp.secondStart());
        assertEquals(pair, strip.pairOf(sp.firstStart()), "both occurrences belong to one pair");
        assertEquals(-1, strip.linkedPair());
        robot.moveTo(strip.localToScreen(strip.center(sp.secondStart())));
        waitUntil(() -> strip.linkedPair() == pair);
        assertTrue(strip.tooltipText(sp.secondStart()).startsWith("pair " + (pair + 1) + ": "),
                strip.tooltipText(sp.secondStart()));
        robot.moveTo("#sampleFilter");
        waitUntil(() -> strip.linkedPair() == -1);
    }

    @Test
    void samplesTableSortsFiltersAndOpensTheInspectorWithRepeatPairsColoured(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.SAMPLES);
        TableView<SampleRow> table = robot.lookup("#sampleTable").queryTableView();
        AttributionData d = data();
        int k = Math.min(100, d.scores().size());
        waitUntil(() -> table.getItems().size() == 2 * k);
        SampleRow first = table.getItems().get(0);
        assertEquals("+", first.sign());
        assertEquals(1, first.rank());
        double max = Double.NEGATIVE_INFINITY;
        for (float s : d.scores().scores()) {
            max = Math.max(max, s);
        }
        assertEquals(max, first.score(), 1e-6);

        // filter to the negative samples
        robot.clickOn("#sampleFilter").write("−");
        waitUntil(() -> table.getItems().size() == k);
        assertTrue(table.getItems().stream().allMatch(r -> r.sign().equals("−")));
        robot.interact(() -> robot.lookup("#sampleFilter").queryTextInputControl().clear());
        waitUntil(() -> table.getItems().size() == 2 * k);

        // sort by the longest repeat, descending (two header clicks), and click the top row
        Node header = robot.lookup(".column-header").match(n -> n.lookup(".label") instanceof Label
                && "Longest repeat".equals(((Label) n.lookup(".label")).getText())).query();
        robot.clickOn(header).clickOn(header);
        SampleRow top = table.getItems().get(0);
        assertEquals(table.getItems().stream().mapToInt(SampleRow::repeatLength).max().orElseThrow(), top.repeatLength());
        assertTrue(top.repeatLength() >= 4, "the tiny corpus plants repeats: " + top.repeatLength());
        Node cell = robot.lookup(".table-row-cell").nth(0).query();
        robot.clickOn(cell);
        waitUntil(() -> text(robot, "#inspectorHeader").startsWith("Sample #" + top.sampleId() + " "));

        int[] tokens = d.tokens(top.sampleId());
        List<RepeatedSpans.Span> spans = RepeatedSpans.find(tokens, 4);
        assertFalse(spans.isEmpty());
        TokenStrip strip = robot.lookup("#sampleTokens").queryAs(TokenStrip.class);
        assertEquals(tokens.length, strip.tokenCount());
        assertTrue(text(robot, "#inspectorHeader").endsWith(spans.size() + (spans.size() == 1 ? " repeat pair" : " repeat pairs")));
        for (int p = 0; p < spans.size(); p++) {
            RepeatedSpans.Span s = spans.get(p);
            int later = s.secondStart();
            int earlier = s.firstStart();
            assertEquals(p, strip.pairOf(later), "token " + later + " belongs to pair " + p);
            assertTrue(strip.isSecondOccurrence(later));
            assertTrue(strip.style(later).contains(mda.app.ui.common.Charts.css(p)));
            assertTrue(strip.style(earlier).contains(mda.app.ui.common.Charts.css(p))
                    || strip.pairOf(earlier) >= 0, "the earlier occurrence is highlighted too");
            assertEquals(strip.text(later), strip.text(earlier));
        }
        // a token outside every span is plain
        boolean[] covered = new boolean[tokens.length];
        for (RepeatedSpans.Span s : spans) {
            for (int j = 0; j < s.length(); j++) {
                covered[s.firstStart() + j] = true;
                covered[s.secondStart() + j] = true;
            }
        }
        for (int i = 0; i < tokens.length; i++) {
            assertEquals(covered[i], strip.pairOf(i) >= 0, "token " + i);
        }
        // next sample follows the table order
        robot.clickOn("#nextSample");
        SampleRow second = table.getItems().get(1);
        waitUntil(() -> text(robot, "#inspectorHeader").startsWith("Sample #" + second.sampleId() + " "));
    }
}
