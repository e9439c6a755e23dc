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
import mda.engine.store.AttributionRecord;

/**
 * The Export screen: every chart on show to PNG (DPI), SVG and PDF at a paper preset; tables to CSV; the figure
 * pack of one attribution. Binds only.
 */
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
        Button samplesCsv = new Button("Samples table → CSV");
        samplesCsv.setId("exportSamplesCsv");
        samplesCsv.setOnAction(e -> vm.exportSamplesCsv());
        Button onsetsCsv = new Button("Onset table → CSV");
        onsetsCsv.setId("exportOnsetsCsv");
        onsetsCsv.setOnAction(e -> vm.exportOnsetsCsv());
        HBox tables = new HBox(8, new Label("Tables"), samplesCsv, onsetsCsv);
        tables.setAlignment(Pos.CENTER_LEFT);
        ComboBox<AttributionRecord> attr = new ComboBox<>(vm.attributions());
        attr.setId("packAttribution");
        attr.valueProperty().bindBidirectional(vm.attributionProperty());
        attr.setCellFactory(l -> new AttrCell());
        attr.setButtonCell(new AttrCell());
        Button pack = new Button("Export figure pack");
        pack.setId("exportFigurePack");
        pack.setOnAction(e -> vm.exportFigurePack());
        HBox packRow = new HBox(8, new Label("Figure pack of attribution"), attr, pack,
                new Label("(every chart of the analysis as PNG + SVG + PDF, and its CSVs)"));
        packRow.setAlignment(Pos.CENTER_LEFT);
        for (Button b : new Button[] {samplesCsv, onsetsCsv, pack}) {
            b.disableProperty().bind(vm.background().busyProperty());
        }
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
                charts, opts, dir, tables, packRow, status, written);
    }

    private static final class AttrCell extends javafx.scene.control.ListCell<AttributionRecord> {
        @Override
        protected void updateItem(AttributionRecord r, boolean empty) {
            super.updateItem(r, empty);
            setText(empty || r == null ? "" : String.format("#%d L%d.H%d step %d %s", r.id(), r.layer(), r.head(),
                    r.step(), r.mode()));
        }
    }

    public Node root() {
        return root;
    }
}
