package mda.app.ui.training;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import mda.app.ui.common.ChartRegistry;
import mda.app.ui.common.HeadsHeatmap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;

/** The Training monitor: loss curves, the heads heatmap with a checkpoint slider, formation curves. Binds only. */
public final class TrainingView {
    private final VBox root = new VBox(8);

    public TrainingView(TrainingViewModel vm, ChartRegistry registry) {
        root.setId("trainingScreen");
        root.setPadding(new Insets(10));
        Label summary = new Label();
        summary.setId("trainingSummary");
        summary.setWrapText(true);
        summary.textProperty().bind(Bindings.concat(vm.summaryProperty(), " ", vm.background().errorProperty()));

        JFreeChart loss = TrainingFigures.loss(vm.loss());
        registry.put("training-loss", loss);
        ChartViewer lossViewer = new ChartViewer(loss);
        lossViewer.setId("lossChart");

        ComboBox<String> kind = new ComboBox<>(vm.kinds());
        kind.setId("scoreKind");
        kind.valueProperty().bindBidirectional(vm.kindProperty());
        Slider slider = new Slider(0, 0, 0);
        slider.setId("stepSlider");
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(true);
        slider.setBlockIncrement(1);
        slider.maxProperty().bind(Bindings.max(0, Bindings.size(vm.steps()).subtract(1)));
        slider.valueProperty().addListener((o, a, b) -> vm.stepIndexProperty().set((int) Math.round(b.doubleValue())));
        vm.stepIndexProperty().addListener((o, a, b) -> slider.setValue(b.intValue()));
        HBox.setHgrow(slider, Priority.ALWAYS);
        Label stepLabel = new Label();
        stepLabel.setId("stepLabel");
        stepLabel.textProperty().bind(Bindings.concat("checkpoint step ", vm.stepProperty()));
        HeadsHeatmap heat = new HeadsHeatmap();
        heat.setId("headsHeatmap");
        vm.tableProperty().addListener((o, a, b) -> {
            heat.show(b, vm.kindProperty().get());
            if (b.length > 0) { // the table as a figure for the Export screen
                registry.put("training-heads", TrainingFigures.heads(b, vm.kindProperty().get(), vm.stepProperty()
                        .get()));
            }
        });
        VBox heatBox = new VBox(6, new HBox(8, new Label("Score"), kind, stepLabel), slider, heat);
        heatBox.setMinWidth(360);

        JFreeChart form = TrainingFigures.formation(vm.formation());
        XYPlot fp = form.getXYPlot();
        registry.put("training-formation", form);
        Runnable marks = () -> TrainingFigures.markOnset(fp, vm.onsetProperty().get(), vm.onsetLoProperty().get(),
                vm.onsetHiProperty().get());
        vm.onsetProperty().addListener((o, a, b) -> marks.run());
        marks.run();
        ChartViewer formViewer = new ChartViewer(form);
        formViewer.setId("formationChart");
        ListView<String> heads = new ListView<>(vm.heads());
        heads.setId("headList");
        heads.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        heads.setPrefWidth(110);
        boolean[] syncing = {false};
        vm.selectedHeads().addListener((javafx.collections.ListChangeListener<String>) c -> {
            if (syncing[0]) {
                return;
            }
            syncing[0] = true;
            heads.getSelectionModel().clearSelection();
            vm.selectedHeads().forEach(h -> heads.getSelectionModel().select(h));
            syncing[0] = false;
        });
        heads.getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<String>) c -> {
            if (!syncing[0]) {
                syncing[0] = true;
                vm.selectedHeads().setAll(java.util.List.copyOf(heads.getSelectionModel().getSelectedItems()));
                syncing[0] = false;
            }
        });

        lossViewer.setMinSize(200, 200);
        lossViewer.setPrefSize(520, 320);
        formViewer.setMinSize(200, 200);
        formViewer.setPrefSize(700, 360);
        heatBox.setMinWidth(340);
        heatBox.setPrefWidth(360);
        HBox top = new HBox(10, lossViewer, heatBox);
        HBox.setHgrow(lossViewer, Priority.ALWAYS);
        VBox headsBox = new VBox(4, new Label("Heads (multi-select)"), heads);
        VBox.setVgrow(heads, Priority.ALWAYS);
        HBox bottom = new HBox(10, formViewer, headsBox);
        HBox.setHgrow(formViewer, Priority.ALWAYS);
        VBox.setVgrow(bottom, Priority.ALWAYS);
        VBox grid = new VBox(10, top, bottom);
        Label title = new Label("Training monitor");
        title.getStyleClass().add("screen-title");
        root.getChildren().addAll(title, summary, grid);
    }

    public Node root() {
        return root;
    }
}
