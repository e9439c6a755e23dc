package mda.app.ui.project;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import mda.app.ui.common.JobRow;

/** The Project screen's table of worker jobs: what each works on, its state, progress and how it ended. */
final class JobsTable {
    private JobsTable() {
    }

    static TableView<JobRow> of(ObservableList<JobRow> rows) {
        TableView<JobRow> t = new TableView<>(rows);
        t.setId("jobTable");
        t.setPlaceholder(new javafx.scene.control.Label("no worker jobs on this project"));
        t.getColumns().add(ProjectView.col("Job", JobRow::label));
        t.getColumns().add(ProjectView.col("State", r -> r.state().name().toLowerCase(java.util.Locale.ROOT)
                + (r.attached() ? " (re-attached)" : "")));
        t.getColumns().add(ProjectView.col("Worker pid", r -> String.valueOf(r.pid())));
        TableColumn<JobRow, JobRow> prog = new TableColumn<>("Progress");
        prog.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        prog.setCellFactory(c -> new BarCell());
        prog.setPrefWidth(130);
        t.getColumns().add(prog);
        TableColumn<JobRow, String> text = ProjectView.col("Message", JobRow::text);
        text.setPrefWidth(520);
        t.getColumns().add(text);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setPrefHeight(110);
        return t;
    }

    /** The job Cancel acts on: the selected job, else the live job of the chosen run, else the only live job. */
    static JobRow target(TableView<JobRow> t, RunRow run) {
        JobRow sel = t.getSelectionModel().getSelectedItem();
        if (sel != null && sel.live()) {
            return sel;
        }
        var live = t.getItems().stream().filter(JobRow::live).toList();
        if (run != null) {
            for (JobRow r : live) {
                if (r.runId() == run.id()) {
                    return r;
                }
            }
        }
        return live.size() == 1 ? live.get(0) : null;
    }

    private static final class BarCell extends TableCell<JobRow, JobRow> {
        private final ProgressBar bar = new ProgressBar();

        BarCell() {
            bar.setPrefWidth(110);
        }

        @Override
        protected void updateItem(JobRow r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setGraphic(null);
                return;
            }
            bar.setProgress(r.progress() >= 0 ? r.progress() : r.live() ? ProgressBar.INDETERMINATE_PROGRESS : 0);
            setGraphic(bar);
        }
    }
}
