package mda.app.ui.project;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyObjectWrapper;
import mda.app.ui.common.JobRow;
import mda.engine.model.ModelConfig;

/** The Project screen: corpus summary, runs with progress bars, "New run", recent projects. Binds only. */
public final class ProjectView {
    private final VBox root = new VBox(10);

    public ProjectView(ProjectViewModel vm) {
        root.setId("projectScreen");
        root.setPadding(new Insets(12));
        Label title = new Label();
        title.setId("projectTitle");
        title.getStyleClass().add("screen-title");
        title.textProperty().bind(vm.titleProperty());

        TableView<CorpusSummary> corpora = new TableView<>(vm.corpora());
        corpora.setId("corpusTable");
        corpora.getColumns().add(col("Corpus", c -> c.name()));
        corpora.getColumns().add(col("Kind", c -> c.kind()));
        corpora.getColumns().add(col("Documents", c -> String.format("%,d", c.documents())));
        corpora.getColumns().add(col("Tokens", c -> String.format("%,d", c.tokens())));
        corpora.getColumns().add(col("Vocab", c -> String.valueOf(c.vocab())));
        TableColumn<CorpusSummary, String> mix = col("Category mix (share of tokens)", CorpusSummary::mixText);
        mix.setPrefWidth(340);
        corpora.getColumns().add(mix);
        corpora.setPrefHeight(110);
        corpora.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableView<RunRow> runs = new TableView<>(vm.runs());
        runs.setId("runTable");
        TableColumn<RunRow, String> runName = col("Run", RunRow::name);
        runName.setPrefWidth(330); // intervention runs have long names (baseline:plan-kN:sI)
        runs.getColumns().add(runName);
        runs.getColumns().add(col("Status", RunRow::status));
        runs.getColumns().add(col("Preset", RunRow::preset));
        runs.getColumns().add(col("Device", RunRow::device));
        TableColumn<RunRow, RunRow> prog = new TableColumn<>("Progress");
        prog.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        prog.setCellFactory(c -> new ProgressCell());
        prog.setPrefWidth(200);
        runs.getColumns().add(prog);
        runs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        runs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.select(b);
            }
        });
        // the rows are replaced on every refresh: keep the chosen run selected
        vm.runs().addListener((javafx.collections.ListChangeListener<RunRow>) c -> {
            var chosen = vm.chosenRunProperty().get();
            if (chosen != null && runs.getSelectionModel().getSelectedItem() == null) {
                vm.runs().stream().filter(r -> r.id() == chosen.id()).findFirst()
                        .ifPresent(r -> runs.getSelectionModel().select(r));
            }
        });
        VBox.setVgrow(runs, Priority.ALWAYS);

        TextField name = new TextField("run-" + System.currentTimeMillis() % 100000);
        name.setId("newRunName");
        ComboBox<String> preset = new ComboBox<>();
        preset.getItems().setAll(ModelConfig.PRESETS.keySet());
        preset.setValue("toy-attn2");
        preset.setId("newRunPreset");
        Spinner<Integer> steps = new Spinner<>(1, 1_000_000, 1000, 100);
        steps.setEditable(true);
        steps.setId("newRunSteps");
        Spinner<Integer> batch = new Spinner<>(1, 4096, 32, 8);
        batch.setEditable(true);
        batch.setPrefWidth(80);
        batch.setId("newRunBatch");
        Button newRun = new Button("New run");
        newRun.setId("newRun");
        newRun.setOnAction(e -> vm.newRun(name.getText(), preset.getValue(), steps.getValue(), batch.getValue(), 1));
        Button refresh = new Button("Refresh");
        refresh.setId("refreshProject");
        refresh.setOnAction(e -> vm.refresh());
        Label job = new Label();
        job.setId("jobMessage");
        job.setWrapText(true);
        job.textProperty().bind(Bindings.concat(vm.jobMessageProperty(), " ", vm.background().errorProperty()));
        steps.setPrefWidth(100);
        HBox actions = new HBox(8, new Label("New run:"), name, preset, new Label("steps"), steps, new Label("batch"),
                batch, newRun, refresh);

        TableView<JobRow> jobs = JobsTable.of(vm.jobs());
        Button resume = new Button("Train / Resume");
        resume.setId("resumeRun");
        resume.setTooltip(new javafx.scene.control.Tooltip("train the chosen run in a worker process, from its last "
                + "resume point"));
        resume.disableProperty().bind(vm.chosenRunProperty().isNull());
        resume.setOnAction(e -> vm.resume(vm.chosenRunProperty().get().id()));
        Button cancel = new Button("Cancel job");
        cancel.setId("cancelJob");
        cancel.setOnAction(e -> vm.cancel(JobsTable.target(jobs, runs.getSelectionModel().getSelectedItem())));
        HBox jobActions = new HBox(8, new Label("Chosen run (top bar or table):"), resume, cancel);
        jobActions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox actionBox = new VBox(4, actions, jobActions, job, jobs);
        actions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        ListView<String> recent = new ListView<>(vm.recent());
        recent.setId("recentProjects");
        recent.setPrefHeight(90);
        recent.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && recent.getSelectionModel().getSelectedItem() != null) {
                vm.openRecent(recent.getSelectionModel().getSelectedItem());
            }
        });
        root.getChildren().addAll(title, section("Corpus"), corpora, section("Runs"), runs, actionBox,
                section("Recent projects (double-click to open)"), recent);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section");
        return l;
    }

    static <S> TableColumn<S, String> col(String title, java.util.function.Function<S, String> f) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        return c;
    }

    /** A progress bar with its text while a job runs, else empty. */
    private static final class ProgressCell extends TableCell<RunRow, RunRow> {
        private final ProgressBar bar = new ProgressBar();
        private final Label text = new Label();
        private final HBox box = new HBox(6, bar, text);

        ProgressCell() {
            bar.setPrefWidth(120);
            bar.getStyleClass().add("run-progress");
        }

        @Override
        protected void updateItem(RunRow r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null || r.progress() < 0) {
                setGraphic(null);
                setText(empty || r == null ? null : r.progressText()); // e.g. why the last job failed
                return;
            }
            setText(null);
            bar.setProgress(r.progress());
            text.setText(r.progressText());
            setGraphic(box);
        }
    }

    public Node root() {
        return root;
    }
}
