package mda.app.ui.export;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import mda.app.ui.common.ChartExport;

/** The Export screen: every chart on show to PNG (DPI), SVG and PDF at a paper preset. Binds only. */
public final class ExportView {
    private final VBox root = new VBox(8);

    public ExportView(ExportViewModel vm) {
        root.setId("exportScreen");
        root.setPadding(new Insets(10));
        ListView<String> charts = new ListView<>(vm.charts());
        charts.setId("exportCharts");
        charts.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        charts.getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<String>) c ->
                vm.selected().setAll(java.util.List.copyOf(charts.getSelectionModel().getSelectedItems())));
        charts.setPrefHeight(200);
        ComboBox<ChartExport.Preset> preset = new ComboBox<>(vm.presets());
        preset.setId("exportPreset");
        preset.valueProperty().bindBidirectional(vm.presetProperty());
        Spinner<Integer> dpi = new Spinner<>(36, 1200, vm.dpiProperty().get(), 50);
        dpi.setId("exportDpi");
        dpi.setEditable(true);
        dpi.valueProperty().addListener((o, a, b) -> vm.dpiProperty().set(b));
        CheckBox png = new CheckBox("PNG");
        png.selectedProperty().bindBidirectional(vm.pngProperty());
        CheckBox svg = new CheckBox("SVG");
        svg.selectedProperty().bindBidirectional(vm.svgProperty());
        CheckBox pdf = new CheckBox("PDF");
        pdf.selectedProperty().bindBidirectional(vm.pdfProperty());
        TextField folder = new TextField();
        folder.setId("exportFolder");
        folder.textProperty().bindBidirectional(vm.folderProperty());
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button go = new Button("Export");
        go.setId("exportButton");
        go.setOnAction(e -> vm.export());
        go.disableProperty().bind(vm.background().busyProperty());
        Label status = new Label();
        status.setId("exportStatus");
        status.textProperty().bind(Bindings.concat(vm.statusProperty(), " ", vm.background().errorProperty()));
        ListView<String> written = new ListView<>(vm.written());
        written.setId("exportWritten");
        VBox.setVgrow(written, Priority.ALWAYS);
        HBox opts = new HBox(8, new Label("Paper"), preset, new Label("PNG dpi"), dpi, png, svg, pdf);
        opts.setAlignment(Pos.CENTER_LEFT);
        HBox dir = new HBox(8, new Label("Folder"), folder, go);
        dir.setAlignment(Pos.CENTER_LEFT);
        Label title = new Label("Export");
        title.getStyleClass().add("screen-title");
        root.getChildren().addAll(title, new Label("Charts of the screens opened so far (none selected = all)"),
                charts, opts, dir, status, written);
    }

    public Node root() {
        return root;
    }
}
