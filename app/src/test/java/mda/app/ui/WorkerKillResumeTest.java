package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import javafx.stage.Stage;
import mda.app.ui.common.JobRow;
import mda.app.ui.project.RunRow;
import mda.engine.probe.MetricKind;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.store.CheckpointRecord;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** kill -9 of a training worker: the UI stays responsive and says what happened; Resume finishes the run. */
class WorkerKillResumeTest extends GuiTestBase {
    private Path dir;
    private long pid;

    @Start
    void start(Stage stage) throws Exception {
        dir = WorkerJobProject.create();
        open(stage, dir);
    }

    @AfterEach
    void cleanUp() {
        WorkerJobProject.killIfAlive(pid);
    }

    @Test
    void killedWorkerLeavesAClearMessageAndResumeFinishesTheRun(FxRobot robot) throws Exception {
        WorkerJobProject.trainFromUi(robot);
        JobRow running = WorkerJobProject.runningPast(robot, 0.2);
        pid = running.pid();
        assertTrue(pid != ProcessHandle.current().pid(), "training runs in a child process");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL: no chance to write anything
        long killed = System.nanoTime();

        String expected = "train run long: the worker stopped unexpectedly (exit 137); the project is intact — "
                + "Resume to continue";
        WorkerJobProject.within(5, () -> text(robot, "#jobMessage").strip().equals(expected));
        double seconds = (System.nanoTime() - killed) / 1e9;
        assertTrue(seconds < 5, "message after " + seconds + " s");
        assertEquals(JobState.INTERRUPTED, WorkerJobProject.job(robot).orElseThrow().state());

        // the FX thread still answers: another screen opens and shows the run, then back
        navigate(robot, MainWindow.TRAINING);
        assertTrue(robot.lookup("#trainingScreen").query().isVisible());
        navigate(robot, MainWindow.PROJECT);
        javafx.scene.control.TableView<RunRow> runs = robot.lookup("#runTable").queryTableView();
        WorkerJobProject.within(10, () -> runs.getItems().stream()
                .anyMatch(r -> r.name().equals("long") && r.status().equals("INTERRUPTED")));

        long resumedFrom;
        try (Project p = Project.open(dir)) {
            RunRecord run = WorkerJobProject.run(p);
            JobRecord job = p.jobs().list().stream().filter(j -> j.kind().equals("train"))
                    .max(java.util.Comparator.comparingLong(JobRecord::id)).orElseThrow();
            assertEquals(JobState.INTERRUPTED, job.state());
            assertEquals(pid, job.pid());
            CheckpointRecord last = p.checkpoints().latestWithWeights(run.id()).orElseThrow();
            assertTrue(last.step() > 0 && last.step() < WorkerJobProject.STEPS, "killed mid-run at " + last.step());
            try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu());
                 NeoxModel model = ModelIO.load(p.blob(last.path()), m)) {
                assertEquals(2, model.config().layers(), "the last checkpoint loads");
            }
            resumedFrom = last.step();
        }

        WorkerJobProject.trainFromUi(robot);
        WorkerJobProject.within(60, () -> WorkerJobProject.job(robot).map(r -> r.state() == JobState.DONE)
                .orElse(false));
        assertEquals("train run long: finished", text(robot, "#jobMessage").strip());
        try (Project p = Project.open(dir)) {
            RunRecord run = WorkerJobProject.run(p);
            assertEquals(RunStatus.DONE, run.status());
            JobRecord job = p.jobs().list().stream().filter(j -> j.kind().equals("train"))
                    .max(java.util.Comparator.comparingLong(JobRecord::id)).orElseThrow();
            assertEquals(JobState.DONE, job.state());
            assertFalse(job.pid() == pid, "the resume ran in a new worker");
            assertEquals(WorkerJobProject.STEPS, p.metrics().latestStep(run.id()).orElseThrow());
            double[][] induction = p.metrics().atStep(run.id(), WorkerJobProject.STEPS, MetricKind.INDUCTION);
            assertEquals(2, induction.length, "induction scores of both layers at the final step");
            assertTrue(Double.isFinite(induction[1][0]) && Double.isFinite(induction[1][1]));
            assertTrue(p.checkpoints().get(run.id(), WorkerJobProject.STEPS).orElseThrow().hasWeights());
            assertTrue(resumedFrom > 0);
        }
    }
}
