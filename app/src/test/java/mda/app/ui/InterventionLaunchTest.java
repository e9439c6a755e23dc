package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import mda.app.ui.interventions.OnsetRow;
import mda.app.ui.interventions.OnsetTable;
import mda.engine.intervene.ComparisonReport;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** "Launch" retrains the tiny run under a plan in a worker process; the screen then shows that comparison. */
class InterventionLaunchTest extends GuiTestBase {
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = copyOfProject();
        open(stage, dir);
    }

    @Test
    void launchRetrainsInAWorkerAndTheTableShowsTheNewComparison(FxRobot robot) throws Exception {
        navigate(robot, MainWindow.INTERVENTIONS);
        waitUntil(() -> text(robot, "#interventionHeader").contains("has no interventions yet"));
        ComboBox<String> plan = robot.lookup("#interventionPlan").queryComboBox();
        robot.interact(() -> plan.setValue("remove-bottom"));
        robot.clickOn("#launchIntervention");
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                text(robot, "#interventionJob").startsWith("intervention job ")).get());
        assertEquals("intervention job finished", text(robot, "#interventionJob").strip());

        TableView<OnsetRow> table = robot.lookup("#onsetTable").queryTableView();
        waitUntil(() -> !table.getItems().isEmpty());
        ComparisonReport rep;
        try (Project p = Project.open(dir)) {
            RunRecord base = p.runs().byName(TinyGuiProject.RUN).orElseThrow();
            RunRecord retrain = p.runs().byName(TinyGuiProject.RUN + ":remove-bottom-k10:s1").orElseThrow();
            assertEquals(RunStatus.DONE, retrain.status());
            assertEquals(base.id(), retrain.parentRunId());
            JobRecord job = p.jobs().list().stream().filter(j -> j.kind().equals("intervene")).findFirst()
                    .orElseThrow();
            assertEquals(JobState.DONE, job.state());
            assertTrue(job.pid() != null && job.pid() != ProcessHandle.current().pid(), "ran in another process");
            rep = ComparisonReport.build(p, base, List.of(), null);
        }
        // one baseline and one retrain per metric, each cell as the engine's comparison gives it
        List<OnsetRow> expected = OnsetTable.rows(rep);
        assertEquals(rep.groups().get(0).icl() == null ? 2 : 4, expected.size());
        List<List<String>> shown = InterventionsScreenTest.shown(table);
        assertEquals(expected.size(), shown.size());
        for (int r = 0; r < expected.size(); r++) {
            OnsetRow e = expected.get(r);
            assertEquals(List.of(e.metric(), e.run(), String.valueOf(e.seed()), e.onsetText(0), e.onsetText(1),
                    e.onsetText(2), e.ratioText(0), e.ratioText(1), e.ratioText(2), e.deltaText(), e.note()),
                    shown.get(r), "row " + r);
        }
        assertEquals(TinyGuiProject.RUN + ":remove-bottom-k10:s1", shown.get(1).get(1));
        var formation = robot.lookup("#interventionFormationChart")
                .queryAs(org.jfree.chart.fx.ChartViewer.class).getChart();
        assertEquals(2, formation.getXYPlot().getDataset().getSeriesCount(), "baseline and the retrain");
    }
}
