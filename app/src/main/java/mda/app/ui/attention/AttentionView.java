package mda.app.ui.attention;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import mda.app.ui.common.ChartRegistry;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;

/** The Attention map: a T×T heatmap of one head with token labels and hover values. Binds only. */
public final class AttentionView {
    private final VBox root = new VBox(8);

    public AttentionView(AttentionViewModel vm, ChartRegistry registry) {
        root.setId("attentionScreen");
        root.setPadding(new Insets(10));
        ComboBox<Long> step = new ComboBox<>(vm.checkpoints());
        step.setId("attnStep");
        step.valueProperty().bindBidirectional(vm.stepProperty());
        ComboBox<Integer> layer = new ComboBox<>(vm.layers());
        layer.setId("attnLayer");
        layer.valueProperty().bindBidirectional(vm.layerProperty());
        ComboBox<Integer> head = new ComboBox<>(vm.heads());
        head.setId("attnHead");
        head.valueProperty().bindBidirectional(vm.headProperty());
        ComboBox<String> kind = new ComboBox<>(vm.inputKinds());
        kind.setId("attnInput");
        kind.valueProperty().bindBidirectional(vm.inputKindProperty());
        Spinner<Integer> repeat = spinner(vm.repeatLengthProperty(), 2, 1024);
        repeat.setId("attnRepeat");
        Spinner<Integer> seed = spinner(vm.seedProperty(), 0, Integer.MAX_VALUE);
        Spinner<Integer> sample = spinner(vm.sampleIndexProperty(), 0, Integer.MAX_VALUE);
        TextField typed = new TextField();
        typed.setId("attnText");
        typed.setPromptText("text, or ids: 5 9 12");
        typed.textProperty().bindBidirectional(vm.typedProperty());
        typed.setPrefColumnCount(22);
        Button compute = new Button("Show");
        compute.setId("attnCompute");
        compute.setDefaultButton(true);
        compute.setOnAction(e -> vm.compute());
        compute.disableProperty().bind(vm.background().busyProperty());
        FlowPane controls = new FlowPane(8, 6, new Label("Checkpoint"), step, new Label("Layer"), layer,
                new Label("Head"), head, new Label("Input"), kind, new Label("repeat"), repeat, new Label("seed"), seed,
                new Label("sample #"), sample, typed, compute);
        controls.setAlignment(Pos.CENTER_LEFT);

        JFreeChart chart = AttentionFigure.empty();
        registry.put("attention-map", chart);
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setId("attentionChart");
        VBox.setVgrow(viewer, Priority.ALWAYS);
        vm.resultProperty().addListener((o, a, m) -> {
            if (m == null) {
                return;
            }
            AttentionFigure.show(chart, m);
        });
        viewer.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX e) {
                chartMouseMoved(e);
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX e) {
                if (e.getEntity() instanceof XYItemEntity && vm.resultProperty().get() != null) {
                    int item = ((XYItemEntity) e.getEntity()).getItem();
                    int t = vm.resultProperty().get().length();
                    vm.hover(item / t, item % t);
                }
            }
        });
        Label hover = new Label();
        hover.setId("attnHover");
        hover.textProperty().bind(vm.hoverProperty());
        Label caption = new Label();
        caption.setId("attnCaption");
        caption.textProperty().bind(Bindings.concat(vm.captionProperty(), "  ", vm.background().errorProperty()));
        Label title = new Label("Attention map");
        title.getStyleClass().add("screen-title");
        root.getChildren().addAll(title, controls, caption, viewer, hover);
    }

    private static Spinner<Integer> spinner(javafx.beans.property.IntegerProperty p, int min, int max) {
        Spinner<Integer> s = new Spinner<>(min, max, p.get());
        s.setEditable(true);
        s.setPrefWidth(90);
        s.valueProperty().addListener((o, a, b) -> p.set(b));
        p.addListener((o, a, b) -> s.getValueFactory().setValue(b.intValue()));
        return s;
    }

    public Node root() {
        return root;
    }
}
