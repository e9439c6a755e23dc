package mda.app.ui.attribution;

import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import mda.app.ui.common.ChartRegistry;
import mda.engine.store.AttributionRecord;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/**
 * The Attribution screen: histogram, log-log CCDF with the power law, influence vs repetition with Spearman ρ, mass,
 * enrichment. Binds only; the charts come from {@link AttributionFigures}.
 */
public final class AttributionView {
    private final VBox root = new VBox(8);

    public AttributionView(AttributionViewModel vm, ChartRegistry registry) {
        root.setId("attributionScreen");
        root.setPadding(new Insets(10));
        ComboBox<AttributionRecord> choice = new ComboBox<>(vm.attributions());
        choice.setId("attributionChoice");
        choice.valueProperty().bindBidirectional(vm.attributionProperty());
        choice.setCellFactory(l -> new RecCell());
        choice.setButtonCell(new RecCell());
        Label header = label("attributionHeader");
        header.textProperty().bind(Bindings.concat(vm.headerProperty(), " ", vm.background().errorProperty()));
        Label sign = label("signConvention");
        sign.setText(AttributionViewModel.SIGN_CONVENTION);
        sign.getStyleClass().add("sign-convention");
        Label pl = label("powerLawText");
        pl.textProperty().bind(vm.powerLawProperty());
        Label mass = label("massText");
        mass.textProperty().bind(vm.massTextProperty());

        Label rho = label("spearmanText");
        rho.textProperty().bind(vm.spearmanProperty());
        ChartViewer hv = viewer("histogramChart");
        ChartViewer cv = viewer("ccdfChart");
        ChartViewer sv = viewer("scatterChart");
        ChartViewer mv = viewer("massChart");
        ChartViewer lv = viewer("lorenzChart");
        ChartViewer fv = viewer("spectrumChart");
        Map<String, ChartViewer> viewers = Map.of("attribution-histogram", hv, "attribution-ccdf", cv,
                "attribution-scatter", sv, "attribution-mass", mv, "attribution-lorenz", lv,
                AttributionViewModel.SPECTRUM, fv);
        vm.loadedProperty().addListener((o, a, l) -> {
            Map<String, JFreeChart> charts = l.charts();
            if (!charts.containsKey(AttributionViewModel.SPECTRUM)) { // no factors file: no stale spectrum either
                fv.setChart(null);
                registry.remove(AttributionViewModel.SPECTRUM);
            }
            for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
                viewers.get(e.getKey()).setChart(e.getValue());
                registry.put(e.getKey(), e.getValue());
            }
        });
        Label factors = label("factorsText");
        factors.textProperty().bind(vm.factorsTextProperty());
        ComboBox<AttributionRecord> against = new ComboBox<>(vm.attributions());
        against.setId("compareChoice");
        against.setPromptText("none");
        against.valueProperty().bindBidirectional(vm.againstProperty());
        against.setCellFactory(l -> new RecCell());
        against.setButtonCell(new RecCell());
        javafx.scene.control.Button noCompare = new javafx.scene.control.Button("×");
        noCompare.setId("compareClear");
        noCompare.setTooltip(new javafx.scene.control.Tooltip("compare with none"));
        noCompare.setOnAction(e -> against.setValue(null));
        noCompare.disableProperty().bind(against.valueProperty().isNull());
        Label agreement = label("agreementText");
        agreement.textProperty().bind(Bindings.concat(vm.agreementProperty(), " ", vm.agreementWork().errorProperty()));
        ListView<String> enr = new ListView<>(vm.enrichment());
        enr.setId("enrichmentList");
        enr.setPrefHeight(90);
        enr.setMinHeight(64);
        enr.setCellFactory(l -> new WrappingCell(l));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.add(hv, 0, 0);
        grid.add(cv, 1, 0);
        grid.add(sv, 2, 0);
        grid.add(mv, 0, 1);
        grid.add(lv, 1, 1);
        grid.add(fv, 2, 1);
        VBox enrBox = new VBox(4, new Label("Category enrichment of the top 5%"), enr);
        grid.add(enrBox, 0, 2, 3, 1);
        GridPane.setHgrow(hv, Priority.ALWAYS);
        GridPane.setHgrow(cv, Priority.ALWAYS);
        GridPane.setHgrow(sv, Priority.ALWAYS);
        VBox.setVgrow(grid, Priority.ALWAYS);
        Label title = new Label("Attribution");
        title.getStyleClass().add("screen-title");
        HBox top = new HBox(10, title, choice, new Label("compare with"), against, noCompare);
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        root.getChildren().addAll(top, header, sign, pl, mass, rho, factors, agreement, grid);
    }

    private static ChartViewer viewer(String id) {
        ChartViewer v = new ChartViewer(null);
        v.setId(id);
        v.setPrefSize(360, 300);
        return v;
    }

    private static Label label(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    /** A list cell that wraps its text to the list's width instead of scrolling sideways. */
    private static final class WrappingCell extends ListCell<String> {
        WrappingCell(ListView<String> list) {
            setWrapText(true);
            prefWidthProperty().bind(list.widthProperty().subtract(24));
            setMaxWidth(USE_PREF_SIZE);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item);
        }
    }

    private static final class RecCell extends ListCell<AttributionRecord> {
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
