package mda.app.ui;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.DirectoryChooser;
import mda.app.ui.attention.AttentionView;
import mda.app.ui.attention.AttentionViewModel;
import mda.app.ui.attribution.AttributionView;
import mda.app.ui.attribution.AttributionViewModel;
import mda.app.ui.common.WorkbenchModel;
import mda.app.ui.export.ExportView;
import mda.app.ui.export.ExportViewModel;
import mda.app.ui.interventions.InterventionsView;
import mda.app.ui.interventions.InterventionsViewModel;
import mda.app.ui.project.ProjectView;
import mda.app.ui.project.ProjectViewModel;
import mda.app.ui.samples.SamplesView;
import mda.app.ui.samples.SamplesViewModel;
import mda.app.ui.training.TrainingView;
import mda.app.ui.training.TrainingViewModel;
import mda.engine.store.RunRecord;

/**
 * The workbench window: a navigation list of screens on the left, the chosen screen in the middle, the project
 * and run choice on top and errors at the bottom. Each screen is built once, when first shown.
 */
public final class MainWindow {
    /** Screen names, in navigation order. */
    public static final String PROJECT = "Project";
    public static final String TRAINING = "Training monitor";
    public static final String ATTENTION = "Attention map";
    public static final String ATTRIBUTION = "Attribution";
    public static final String SAMPLES = "Samples";
    public static final String INTERVENTIONS = "Interventions";
    public static final String EXPORT = "Export";

    private final BorderPane root = new BorderPane();
    private final StackPane center = new StackPane();
    private final Map<String, Supplier<Node>> factories = new LinkedHashMap<>();
    private final Map<String, Node> built = new LinkedHashMap<>();
    private final ListView<String> nav = new ListView<>();

    public MainWindow(WorkbenchModel model) {
        root.setId("mainWindow");
        root.getStyleClass().add("workbench");
        SamplesViewModel samples = new SamplesViewModel(model);
        factories.put(PROJECT, () -> new ProjectView(new ProjectViewModel(model)).root());
        factories.put(TRAINING, () -> new TrainingView(new TrainingViewModel(model), model.charts()).root());
        factories.put(ATTENTION, () -> new AttentionView(new AttentionViewModel(model), model.charts()).root());
        factories.put(ATTRIBUTION, () -> new AttributionView(new AttributionViewModel(model), model.charts()).root());
        factories.put(SAMPLES, () -> new SamplesView(samples).root());
        InterventionsViewModel interventions = new InterventionsViewModel(model);
        factories.put(INTERVENTIONS, () -> new InterventionsView(interventions, model.charts()).root());
        factories.put(EXPORT, () -> new ExportView(new ExportViewModel(model, samples.rows(), interventions.rows()))
                .root());

        nav.setId("nav");
        nav.getItems().setAll(factories.keySet());
        nav.setPrefWidth(170);
        nav.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> show(b));

        Button open = new Button("Open project…");
        open.setId("openProject");
        open.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Open an MDA project folder");
            File f = dc.showDialog(root.getScene().getWindow());
            if (f != null) {
                model.open(f.toPath());
            }
        });
        Label project = new Label();
        project.setId("projectLabel");
        project.textProperty().bind(Bindings.createStringBinding(() -> model.session() == null ? "no project"
                : model.session().dir().toAbsolutePath().normalize().toString(), model.sessionProperty()));
        ComboBox<RunRecord> run = new ComboBox<>(model.runs());
        run.setId("runChoice");
        run.valueProperty().bindBidirectional(model.runProperty());
        run.setCellFactory(l -> new RunCell());
        run.setButtonCell(new RunCell());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox top = new HBox(10, new Label("MDA Workbench"), open, project, gap, new Label("Run:"), run);
        top.getStyleClass().add("top-bar");
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6, 10, 6, 10));

        Label error = new Label();
        error.setId("statusError");
        error.getStyleClass().add("error-text");
        error.textProperty().bind(model.background().errorProperty());
        HBox status = new HBox(error);
        status.setPadding(new Insets(3, 10, 3, 10));

        root.setTop(top);
        root.setLeft(nav);
        root.setCenter(center);
        root.setBottom(status);
        nav.getSelectionModel().select(PROJECT);
    }

    /** Shows screen {@code name}, building it on first use. */
    public void show(String name) {
        if (name == null) {
            return;
        }
        Node n = built.computeIfAbsent(name, k -> factories.get(k).get());
        center.getChildren().setAll(n);
        if (!name.equals(nav.getSelectionModel().getSelectedItem())) {
            nav.getSelectionModel().select(name);
        }
    }

    /** Selects the first row of the Samples table (for the screenshot tour); the inspector follows. */
    void inspectFirstSample() {
        Node t = root.lookup("#sampleTable");
        if (t instanceof javafx.scene.control.TableView) {
            ((javafx.scene.control.TableView<?>) t).getSelectionModel().select(0);
        }
    }

    /** Compares the shown attribution with the run's other one, when there is one (for the screenshot tour). */
    void compareWithAnotherAttribution() {
        Node c = root.lookup("#compareChoice");
        Node shown = root.lookup("#attributionChoice");
        if (c instanceof javafx.scene.control.ComboBox && shown instanceof javafx.scene.control.ComboBox) {
            @SuppressWarnings("unchecked")
            var against = (javafx.scene.control.ComboBox<Object>) c;
            Object current = ((javafx.scene.control.ComboBox<?>) shown).getValue();
            against.getItems().stream().filter(r -> !r.equals(current)).findFirst().ifPresent(against::setValue);
        }
    }

    /** Exports every chart on show into {@code dir} from the Export screen (for the screenshot tour). */
    void exportAllTo(java.nio.file.Path dir) {
        Node folder = root.lookup("#exportFolder");
        Node button = root.lookup("#exportButton");
        if (folder instanceof javafx.scene.control.TextField && button instanceof Button) {
            ((javafx.scene.control.TextField) folder).setText(dir.toString());
            ((Button) button).fire();
        }
    }

    public BorderPane root() {
        return root;
    }

    private static final class RunCell extends ListCell<RunRecord> {
        @Override
        protected void updateItem(RunRecord r, boolean empty) {
            super.updateItem(r, empty);
            setText(empty || r == null ? "" : r.name() + " (" + r.status().name().toLowerCase() + ")");
        }
    }
}
