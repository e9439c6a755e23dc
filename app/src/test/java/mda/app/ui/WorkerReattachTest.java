package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import mda.app.ui.common.JobRow;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import mda.engine.store.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * Closing the window while training runs keeps the worker (the dialog's default); a new workbench opening the
 * project re-attaches: the job's progress shows again, keeps updating, and Cancel stops it through the project.
 */
class WorkerReattachTest extends GuiTestBase {
    private Path dir;
    private Stage stage;
    private long pid;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        dir = WorkerJobProject.create(160);
        open(stage, dir);
        CloseGuard.install(stage, model.jobs());
    }

    @AfterEach
    void cleanUp() {
        WorkerJobProject.killIfAlive(pid);
    }

    @Test
    void closingKeepsTheJobAndReopeningReattachesAndCanCancel(FxRobot robot) throws Exception {
        WorkerJobProject.trainFromUi(robot);
        pid = WorkerJobProject.runningPast(robot, 0.02).pid();

        // closing asks; the default keeps the worker running in the background
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        WorkerJobProject.within(10, () -> robot.lookup("#closeGuard").tryQuery().isPresent());
        assertTrue(robot.lookup("#closeGuard").queryAs(javafx.scene.control.DialogPane.class)
                .lookupButton(CloseGuard.KEEP) instanceof javafx.scene.control.Button b && b.isDefaultButton());
        robot.clickOn("Keep running in the background");
        WorkerJobProject.within(10, () -> !stage.isShowing());
        robot.interact(() -> model.close()); // what Workbench.stop does when the application ends
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the worker kept running");

        // a new workbench on the same project finds the job and follows it
        robot.interact(() -> {
            try {
                open(stage, dir);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        WorkerJobProject.within(10, () -> WorkerJobProject.job(robot).map(r -> r.attached() && r.live()
                && r.pid() == pid && r.progress() >= 0).orElse(false));
        JobRow first = WorkerJobProject.job(robot).orElseThrow();
        assertTrue(text(robot, "#jobMessage").contains("train run long: still running in the background (pid " + pid
                + "); re-attached"), text(robot, "#jobMessage"));
        WorkerJobProject.within(30, () -> WorkerJobProject.job(robot).map(r -> r.progress() > first.progress())
                .orElse(false));
        assertTrue(WorkerJobProject.job(robot).orElseThrow().text().startsWith("train "),
                WorkerJobProject.job(robot).orElseThrow().text());

        robot.clickOn("#cancelJob");
        WorkerJobProject.within(30, () -> WorkerJobProject.job(robot).map(r -> !r.live()).orElse(false));
        assertEquals(JobState.CANCELLED, WorkerJobProject.job(robot).orElseThrow().state());
        assertEquals("train run long: cancelled; the project is intact — Resume to continue",
                text(robot, "#jobMessage").strip());
        WorkerJobProject.within(10, () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        try (Project p = Project.open(dir)) {
            assertEquals(RunStatus.CANCELLED, WorkerJobProject.run(p).status());
            JobRecord job = p.jobs().list().stream().filter(j -> j.kind().equals("train"))
                    .max(java.util.Comparator.comparingLong(JobRecord::id)).orElseThrow();
            assertEquals(JobState.CANCELLED, job.state());
            assertEquals(pid, job.pid());
            assertTrue(job.error().contains("cancelled by the user"), job.error());
            assertFalse(job.done() >= 160, "stopped before the end");
        }
    }
}
