package mda.app.ui;

import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import mda.app.ui.common.WorkerJobs;

/**
 * Asks before the window closes while jobs run in worker processes: keep them running in the background (the
 * default: reopening the project re-attaches), stop them (graceful cancel, killed after the grace period), or do
 * not close.
 */
public final class CloseGuard {
    /** Leaves the workers running; the default button. */
    public static final ButtonType KEEP = new ButtonType("Keep running in the background",
            ButtonBar.ButtonData.OK_DONE);
    /** Cancels the workers before closing. */
    public static final ButtonType STOP = new ButtonType("Stop the jobs", ButtonBar.ButtonData.OTHER);

    private CloseGuard() {
    }

    /** Asks on every close request of {@code stage} while {@code jobs} has a live job. */
    public static void install(Stage stage, WorkerJobs jobs) {
        stage.setOnCloseRequest(e -> {
            if (!jobs.anyLive()) {
                return;
            }
            Alert a = dialog(jobs);
            a.initOwner(stage);
            Optional<ButtonType> choice = a.showAndWait();
            if (choice.isEmpty() || choice.get() == ButtonType.CANCEL) {
                e.consume(); // the window stays open
            } else if (choice.get() == STOP) {
                jobs.stopAll();
            }
        });
    }

    static Alert dialog(WorkerJobs jobs) {
        long n = jobs.rows().stream().filter(r -> r.live()).count();
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", KEEP, STOP, ButtonType.CANCEL);
        a.setTitle("Jobs are still running");
        a.setHeaderText(n + (n == 1 ? " job is" : " jobs are") + " still running in a worker process");
        a.setContentText("Keep running in the background: the work goes on after the window closes, and reopening "
                + "the project shows its progress again. Stop the jobs: they stop at their next step and can be "
                + "resumed later.");
        a.getDialogPane().setId("closeGuard");
        return a;
    }
}
