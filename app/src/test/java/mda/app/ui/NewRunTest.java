package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import mda.app.ui.project.RunRow;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** "New run" trains in a worker process (a child JVM); the runs table follows the job to DONE. */
class NewRunTest extends GuiTestBase {
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = copyOfProject();
        open(stage, dir);
    }

    @Test
    void newRunTrainsInAWorkerProcessAndTheTableShowsItFinish(FxRobot robot) throws Exception {
        TableView<RunRow> runs = robot.lookup("#runTable").queryTableView();
        waitUntil(() -> runs.getItems().size() == 1);
        robot.interact(() -> robot.lookup("#newRunName").queryTextInputControl().setText("gui-run"));
        ComboBox<String> preset = robot.lookup("#newRunPreset").queryComboBox();
        robot.interact(() -> preset.setValue("toy-attn2"));
        Spinner<?> steps = robot.lookup("#newRunSteps").queryAs(Spinner.class);
        robot.interact(() -> steps.getEditor().setText("3"));
        robot.interact(steps::commitValue);
        // the preset's default batch needs more windows than this tiny corpus has: the worker fails, the UI says why
        robot.clickOn("#newRun");
        WaitForDone.within(120, () -> runs.getItems().stream().anyMatch(r -> r.name().equals("gui-run")
                && r.progressText().startsWith("job failed: corpus 'syn' has")));
        // the worker's own outcome follows the job table within moments
        WaitForDone.within(30, () -> text(robot, "#jobMessage")
                .contains("train run gui-run: failed: corpus 'syn' has"));
        assertTrue(text(robot, "#jobMessage").contains("training needs at least"), text(robot, "#jobMessage"));

        // on a project with a bigger corpus (opened from the same window) a new run trains to the end in a worker
        Path big = java.nio.file.Files.createTempDirectory("mda-gui-big").resolve("proj");
        try (Project p = Project.create(big)) {
            mda.engine.jobs.JobRunner.runInProcess(p, new mda.engine.corpus.SyntheticImportJob(
                    new mda.engine.corpus.SyntheticImportJob.Params("syn", 32, 300, 40, 80, 0.1, 0.01, 0.0, 0.1, 8, 3)),
                    "{}", mda.engine.jobs.ProgressListener.none(), new mda.engine.jobs.CancellationToken());
        }
        dir = big;
        robot.interact(() -> model.open(big));
        waitUntil(() -> runs.getItems().isEmpty());
        Spinner<?> batch = robot.lookup("#newRunBatch").queryAs(Spinner.class);
        robot.interact(() -> batch.getEditor().setText("8"));
        robot.interact(batch::commitValue);
        robot.interact(() -> robot.lookup("#newRunName").queryTextInputControl().setText("gui-run-2"));
        robot.clickOn("#newRun");
        try {
            WaitForDone.within(120, () -> runs.getItems().stream().anyMatch(r -> r.name().equals("gui-run-2")
                    && r.status().equals("DONE")));
        } catch (java.util.concurrent.TimeoutException e) {
            try (Project p = Project.open(dir)) {
                throw new AssertionError("the run did not finish: " + text(robot, "#jobMessage") + " | runs "
                        + runs.getItems() + " | jobs " + p.jobs().list(), e);
            }
        }
        try (Project p = Project.open(dir)) {
            JobRecord job = p.jobs().list().stream().filter(j -> j.kind().equals("train")).reduce((a, b) -> b)
                    .orElseThrow();
            assertEquals(JobState.DONE, job.state());
            assertTrue(job.pid() != null && job.pid() != ProcessHandle.current().pid(), "ran in another process");
            assertEquals(3, p.checkpoints().list(p.runs().byName("gui-run-2").orElseThrow().id()).stream()
                    .mapToLong(c -> c.step()).max().orElseThrow());
        }
    }

    /** A longer wait than {@link GuiTestBase#waitUntil}: training in a fresh JVM. */
    private static final class WaitForDone {
        static void within(int seconds, java.util.concurrent.Callable<Boolean> c) throws Exception {
            org.testfx.util.WaitForAsyncUtils.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS,
                    () -> org.testfx.util.WaitForAsyncUtils.asyncFx(c).get());
        }
    }
}
