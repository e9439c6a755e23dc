package mda.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.stage.Stage;
import mda.app.ui.common.JobRow;
import mda.engine.jobs.JobRegistry;
import mda.engine.store.JobRecord;
import mda.engine.store.JobState;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import mda.engine.train.RunFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** Cancel on a running worker job: a graceful stop that Resume continues, or a kill when it does not stop. */
class WorkerCancelTest extends GuiTestBase {
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
    void cancelStopsTrainingGracefullyAndLeavesItResumable(FxRobot robot) throws Exception {
        WorkerJobProject.trainFromUi(robot);
        pid = WorkerJobProject.runningPast(robot, 0.1).pid();
        robot.clickOn("#cancelJob");
        WorkerJobProject.within(30, () -> WorkerJobProject.job(robot).map(r -> !r.live()).orElse(false));
        JobRow end = WorkerJobProject.job(robot).orElseThrow();
        assertEquals(JobState.CANCELLED, end.state(), end.text());
        assertEquals("train run long: cancelled; the project is intact — Resume to continue",
                text(robot, "#jobMessage").strip());
        assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "the worker has exited");
        try (Project p = Project.open(dir)) {
            RunRecord run = WorkerJobProject.run(p);
            assertEquals(RunStatus.CANCELLED, run.status());
            JobRecord job = p.jobs().list().stream().filter(j -> j.kind().equals("train"))
                    .max(java.util.Comparator.comparingLong(JobRecord::id)).orElseThrow();
            assertEquals(JobState.CANCELLED, job.state());
            assertTrue(job.error().contains("cancelled by the user"), job.error());
            // resumable: the resume point is where the job stopped, past the start and before the end
            Path resume = new RunFiles(p, run.id()).resume();
            String text = Files.readString(resume.resolve("resume.txt")).strip();
            assertTrue(text.startsWith("step="), text);
            int step = Integer.parseInt(text.substring("step=".length()));
            assertTrue(step > 0 && step < WorkerJobProject.STEPS, "resume point at " + step);
            assertEquals(step, p.checkpoints().latestWithWeights(run.id()).orElseThrow().step());
        }
        assertFalse(robot.lookup("#resumeRun").queryButton().isDisabled(), "Resume is offered");
    }

    @Test
    void aWorkerThatIgnoresCancelIsKilledAfterTheGracePeriod(FxRobot robot) throws Exception {
        robot.interact(() -> {
            model.jobs().setGrace(Duration.ofMillis(300));
            try {
                pid = model.jobs().start(dir, StubbornJobs.KIND, "{}", "stubborn job", -1,
                        List.of("-D" + JobRegistry.PROVIDERS_PROPERTY + "=" + StubbornJobs.class.getName())).pid();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        WorkerJobProject.within(30, () -> robot.lookup("#jobTable").queryTableView().getItems().stream()
                .map(JobRow.class::cast).anyMatch(r -> r.text().startsWith("spin ") && r.jobId() > 0));
        robot.clickOn("#cancelJob");
        long cancelled = System.nanoTime();
        WorkerJobProject.within(10, () -> text(robot, "#jobMessage").contains("was killed"));
        double seconds = (System.nanoTime() - cancelled) / 1e9;
        assertEquals("stubborn job: the worker did not stop within 0.3 s of the cancel request and was killed "
                + "(exit 137); the project is intact — run it again to continue", text(robot, "#jobMessage").strip());
        assertTrue(seconds < 5, "killed after " + seconds + " s");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        try (Project p = Project.open(dir)) {
            JobRecord job = p.jobs().list().stream().filter(j -> j.kind().equals(StubbornJobs.KIND)).findFirst()
                    .orElseThrow();
            assertEquals(JobState.INTERRUPTED, job.state(), "marked so that a rerun resumes it");
            assertTrue(Files.isRegularFile(dir.resolve(Project.DB_FILE)));
        }
    }

    @Test
    void stopAllOnClosingEndsEveryWorkerBeforeReturning(FxRobot robot) throws Exception {
        long[] pids = new long[2];
        robot.interact(() -> {
            model.jobs().setGrace(Duration.ofMillis(300));
            try {
                for (int i = 0; i < 2; i++) {
                    pids[i] = model.jobs().start(dir, StubbornJobs.KIND, "{}", "stubborn job " + i, -1,
                            List.of("-D" + JobRegistry.PROVIDERS_PROPERTY + "=" + StubbornJobs.class.getName())).pid();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        pid = pids[0];
        WorkerJobProject.within(30, () -> model.jobs().rows().stream().filter(r -> r.text().startsWith("spin "))
                .count() == 2);
        robot.interact(() -> model.jobs().stopAll()); // the close dialog's "Stop the jobs"
        for (long p : pids) {
            assertFalse(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false), "worker " + p + " ended");
        }
        WorkerJobProject.killIfAlive(pids[1]);
    }
}
