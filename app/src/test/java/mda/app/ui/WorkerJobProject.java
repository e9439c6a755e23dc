package mda.app.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import mda.app.ui.common.JobRow;
import mda.app.ui.project.RunRow;
import mda.engine.model.ModelConfig;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.CheckpointPolicy;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainRuns;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * For the worker-job tests: a copy of the tiny project with one more run, {@value #RUN}, of the tiny model for
 * {@value #STEPS} steps with metrics on the log-spaced steps only (a few seconds in a worker), and UI helpers.
 */
final class WorkerJobProject {
    static final String RUN = "long";
    static final int STEPS = 40;

    private WorkerJobProject() {
    }

    /** A copy of the tiny project with the untrained run {@value #RUN} of {@value #STEPS} steps. */
    static Path create() throws Exception {
        return create(STEPS);
    }

    /** A copy of the tiny project with the untrained run {@value #RUN} of {@code steps} steps. */
    static Path create(int steps) throws Exception {
        Path dir = GuiTestBase.copyOfProject();
        try (Project p = Project.open(dir)) {
            TrainConfig d = TrainConfig.defaults("toy-attn2", 8, steps, 5);
            TrainConfig tc = new TrainConfig("toy-attn2", 8, steps, 3e-3, 2, d.minLrRatio(), d.beta1(), d.beta2(),
                    d.eps(), 0.01, d.clipNorm(), 5, 1, mda.engine.device.Devices.Preference.CPU,
                    new CheckpointPolicy(steps, -1, true));
            ModelConfig cfg = new ModelConfig(2, 16, 2, 0, 16, 32, 0.5, 10000, 1e-5, "neox");
            TrainRuns.createOrFind(p, RUN, "syn", cfg, tc);
        }
        return dir;
    }

    static RunRecord run(Project p) {
        return p.runs().byName(RUN).orElseThrow();
    }

    /** Chooses run {@value #RUN} in the runs table and presses "Train / Resume". */
    static void trainFromUi(FxRobot robot) throws Exception {
        TableView<RunRow> runs = robot.lookup("#runTable").queryTableView();
        within(20, () -> runs.getItems().stream().anyMatch(r -> r.name().equals(RUN)));
        robot.interact(() -> runs.getSelectionModel().select(runs.getItems().stream()
                .filter(r -> r.name().equals(RUN)).findFirst().orElseThrow()));
        within(5, () -> robot.lookup("#runChoice").queryComboBox().getValue() instanceof RunRecord r
                && r.name().equals(RUN));
        robot.clickOn("#resumeRun");
    }

    /** The row of the jobs table that trains run {@value #RUN}, newest first. */
    static Optional<JobRow> job(FxRobot robot) {
        TableView<JobRow> jobs = robot.lookup("#jobTable").queryTableView();
        return jobs.getItems().stream().filter(r -> r.label().equals("train run " + RUN)).findFirst();
    }

    /** Waits until the job has passed {@code fraction} of its steps in the worker. */
    static JobRow runningPast(FxRobot robot, double fraction) throws Exception {
        within(60, () -> job(robot).map(r -> r.live() && r.jobId() > 0 && r.progress() >= fraction).orElse(false));
        return job(robot).orElseThrow();
    }

    static void within(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    /** Kills a worker left running by a failed test, so that it does not outlive the test JVM. */
    static void killIfAlive(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().orTimeout(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        });
    }
}
