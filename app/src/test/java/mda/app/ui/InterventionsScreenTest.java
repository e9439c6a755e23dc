package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import mda.app.ui.interventions.OnsetRow;
import mda.engine.intervene.ComparisonReport;
import mda.engine.intervene.RunComparison;
import mda.engine.probe.Onset;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Interventions screen shows the engine's comparison: curves with seed bands and the onset table's numbers. */
class InterventionsScreenTest extends GuiTestBase {
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("mda-gui-interventions").resolve("proj");
        StoredInterventions.create(dir);
        open(stage, dir);
    }

    private ComparisonReport report() throws Exception {
        try (Project p = Project.open(dir)) {
            RunRecord base = p.runs().byName(StoredInterventions.BASE).orElseThrow();
            return ComparisonReport.build(p, base, List.of(), null);
        }
    }

    /** The text of every cell of the table, row by row, as the columns render it. */
    static List<List<String>> shown(TableView<OnsetRow> t) {
        List<List<String>> out = new ArrayList<>();
        for (int r = 0; r < t.getItems().size(); r++) {
            List<String> row = new ArrayList<>();
            for (TableColumn<OnsetRow, ?> c : t.getVisibleLeafColumns()) {
                row.add(String.valueOf(c.getCellData(r)));
            }
            out.add(row);
        }
        return out;
    }

    private static String step(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** The oracle's onset cell: estimate, or censoring, with the bootstrap CI. */
    private static String onsetCell(Onset.OnsetCi ci) {
        String est = ci.estimate().rightCensored() ? ">" + ci.estimate().lastStep() + " (censored)"
                : step(ci.estimate().step());
        return est + " [" + (Double.isInfinite(ci.lower()) ? "cens." : step(ci.lower())) + ", "
                + (Double.isInfinite(ci.upper()) ? "cens." : step(ci.upper())) + "]";
    }

    @Test
    void onsetTableAndCurvesMatchTheEnginesComparison(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.INTERVENTIONS);
        TableView<OnsetRow> table = robot.lookup("#onsetTable").queryTableView();
        waitUntil(() -> !table.getItems().isEmpty());
        ComparisonReport rep = report();
        assertEquals(2, rep.groups().size());
        assertTrue(text(robot, "#interventionHeader").startsWith("Baseline base (2 seeds), target head L1.H0, "
                + "2 intervention groups"), text(robot, "#interventionHeader"));

        // induction: 2 baselines + 2 × 2 retrains; the same again for the ICL gain
        List<List<String>> cells = shown(table);
        assertEquals(12, cells.size());
        assertEquals(List.of("Metric", "Run", "Seed", "τ=0.25", "τ=0.50", "τ=0.75", "τ=0.25", "τ=0.50", "τ=0.75",
                "Δ τ=0.5", "Note"), table.getVisibleLeafColumns().stream().map(TableColumn::getText).toList());
        assertEquals(List.of("Metric", "Run", "Seed", "onset step [95% CI]", "ratio to baseline", "Δ τ=0.5", "Note"),
                table.getColumns().stream().map(TableColumn::getText).toList());
        int row = 0;
        for (String metric : List.of("induction L1.H0", "ICL gain")) {
            List<RunComparison.Pair> bases = (metric.startsWith("ICL") ? rep.groups().get(0).icl()
                    : rep.groups().get(0).induction()).pairs();
            for (RunComparison.Pair p : bases) {
                List<String> c = cells.get(row++);
                assertEquals(List.of(metric, p.baseRun(), String.valueOf(p.seed())), c.subList(0, 3));
                for (int t = 0; t < 3; t++) {
                    assertEquals(onsetCell(p.base().byTau()[t]), c.get(3 + t), p.baseRun() + " τ " + t);
                    assertEquals("", c.get(6 + t), "a baseline has no ratio");
                }
            }
            for (ComparisonReport.Group g : rep.groups()) {
                RunComparison.Result r = metric.startsWith("ICL") ? g.icl() : g.induction();
                for (RunComparison.Pair p : r.pairs()) {
                    List<String> c = cells.get(row++);
                    assertEquals(List.of(metric, p.run(), String.valueOf(p.seed())), c.subList(0, 3));
                    for (int t = 0; t < 3; t++) {
                        assertEquals(onsetCell(p.intervention().byTau()[t]), c.get(3 + t), p.run() + " τ " + t);
                        boolean cens = p.byTau()[t].intervention().rightCensored();
                        assertEquals((cens ? "≥" : "") + String.format(Locale.ROOT, "%.3f", p.byTau()[t].ratio()),
                                c.get(6 + t), p.run() + " ratio τ " + t);
                    }
                    assertEquals((p.byTau()[1].intervention().rightCensored() ? "≥" : "")
                            + step(p.byTau()[1].delta()), c.get(9));
                }
            }
        }
        // the late group's seed 1 never reaches τ = 0.75: shown censored, its ratio a lower bound
        List<String> late = cells.get(2);
        assertEquals(StoredInterventions.TOP + ":s1", late.get(1));
        assertTrue(late.get(5).startsWith(">4096 (censored)"), late.get(5));
        assertTrue(late.get(8).startsWith("≥"), late.get(8));
        assertFalse(late.get(4).contains("censored"), "τ = 0.5 is crossed: " + late.get(4));
        double r50 = rep.groups().get(0).induction().pairs().get(0).byTau()[1].ratio();
        assertTrue(r50 > 5, "removing the top samples delays formation ×" + r50);

        // per-group summaries: one line per group, metric and τ, with the engine's median ratio
        List<String> sums = robot.lookup("#onsetSummaries").queryListView().getItems().stream()
                .map(Object::toString).toList();
        assertEquals(2 * 2 * 3, sums.size());
        RunComparison.Summary s = rep.groups().get(1).induction().byTau()[1];
        assertTrue(sums.contains(String.format(Locale.ROOT, "%s, induction, τ=0.50: ratio median %.3f, mean %.3f ± "
                + "%.3f", StoredInterventions.RANDOM, s.medianRatio(), s.ratio().mean(), s.ratio().sd())
                + sums.stream().filter(x -> x.startsWith(StoredInterventions.RANDOM + ", induction, τ=0.50"))
                .findFirst().orElseThrow().substring(sums.stream().filter(x -> x.startsWith(
                        StoredInterventions.RANDOM + ", induction, τ=0.50")).findFirst().orElseThrow()
                        .indexOf("; Δ"))), sums.toString());
        assertTrue(sums.stream().anyMatch(x -> x.startsWith(StoredInterventions.TOP + ", induction, τ=0.75")
                && x.contains("intervention 1 (their ratios are lower bounds)")), sums.toString());

        // overlaid curves: baseline band plus one band per group, each mean over 2 seeds
        var formation = robot.lookup("#interventionFormationChart").queryAs(ChartViewer.class).getChart();
        assertNotNull(formation);
        var data = (org.jfree.data.xy.YIntervalSeriesCollection) formation.getXYPlot().getDataset();
        assertEquals(3, data.getSeriesCount());
        assertEquals("baseline (2 seeds)", data.getSeriesKey(0));
        assertEquals(StoredInterventions.TOP + " (2 seeds)", data.getSeriesKey(1));
        assertEquals(StoredInterventions.grid().length, data.getItemCount(1));
        // the band spans the two seeds' values: at the last step seed 1 (c=4000) is below seed 2 (c=2500)
        int last = data.getItemCount(1) - 1;
        assertTrue(data.getEndYValue(1, last) - data.getStartYValue(1, last) > 0.05, "a visible seed band");
        var icl = robot.lookup("#interventionIclChart").queryAs(ChartViewer.class).getChart();
        assertEquals(3, icl.getXYPlot().getDataset().getSeriesCount());
    }

    @Test
    void onsetTableToCsvWithFullPrecisionNumbers(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.INTERVENTIONS);
        TableView<OnsetRow> table = robot.lookup("#onsetTable").queryTableView();
        waitUntil(() -> !table.getItems().isEmpty());
        navigate(robot, MainWindow.EXPORT);
        Path out = Files.createTempDirectory("mda-onsets");
        robot.interact(() -> robot.lookup("#exportFolder").queryTextInputControl().setText(out.toString()));
        robot.clickOn("#exportOnsetsCsv");
        waitUntil(() -> text(robot, "#exportStatus").startsWith("wrote 1 files"));
        List<String> lines = Files.readAllLines(out.resolve("onsets-base.csv"));
        assertEquals(13, lines.size(), "header and 12 rows");
        assertTrue(lines.get(0).startsWith("metric,group,run,seed,role,onset_tau0.25,ci_low_tau0.25,ci_high_tau0.25,"
                + "censored_tau0.25,ratio_tau0.25,"), lines.get(0));
        RunComparison.Pair p = report().groups().get(0).induction().pairs().get(0);
        String[] f = lines.get(3).split(",", -1);
        assertEquals(List.of("induction L1.H0", StoredInterventions.TOP, StoredInterventions.TOP + ":s1", "1",
                "intervention"), List.of(f).subList(0, 5));
        assertEquals(p.intervention().byTau()[1].estimate().step(), Double.parseDouble(f[10]), 0.0);
        assertEquals(p.intervention().byTau()[1].lower(), Double.parseDouble(f[11]), 0.0);
        assertEquals(p.intervention().byTau()[1].upper(), Double.parseDouble(f[12]), 0.0);
        assertEquals("false", f[13]);
        assertEquals(p.byTau()[1].ratio(), Double.parseDouble(f[14]), 0.0);
        assertEquals("", f[15], "censored at τ = 0.75: no onset value");
        assertEquals("true", f[18]);
        assertEquals(p.byTau()[2].ratio(), Double.parseDouble(f[19]), 0.0);
        assertEquals(p.byTau()[1].delta(), Double.parseDouble(f[20]), 0.0);
        assertEquals("4096", f[21]);
    }

    @Test
    void launchNeedsTheBaselineItselfAndSaysSo(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.INTERVENTIONS);
        assertEquals(StoredInterventions.BASE, model.runProperty().get().name(), "the baseline is chosen on opening");
        robot.interact(() -> model.runProperty().set(model.runs().stream().filter(r -> r.parentRunId() != null)
                .findFirst().orElseThrow()));
        robot.clickOn("#launchIntervention");
        waitUntil(() -> text(robot, "#interventionJob").contains("is a retrain of base; choose base itself"));
    }
}
