package mda.app.ui.samples;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import mda.app.ui.attribution.AttributionViewModel;
import mda.app.ui.common.Charts;
import mda.engine.analysis.RepeatedSpans;

/** The Samples table and the Sample inspector below it. Binds only. */
public final class SamplesView {
    private final VBox root = new VBox(8);

    public SamplesView(SamplesViewModel vm) {
        root.setId("samplesScreen");
        root.setPadding(new Insets(10));
        Label header = new Label();
        header.setId("samplesHeader");
        header.textProperty().bind(javafx.beans.binding.Bindings.concat(vm.headerProperty(), " ",
                vm.background().errorProperty()));
        Label sign = new Label(AttributionViewModel.SIGN_CONVENTION);
        sign.getStyleClass().add("sign-convention");
        TextField filter = new TextField();
        filter.setId("sampleFilter");
        filter.setPromptText("filter: category, sign (+/−), source, repeated text, #id");
        filter.textProperty().bindBidirectional(vm.filterProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);

        TableView<SampleRow> table = new TableView<>(vm.rows());
        table.setId("sampleTable");
        vm.rows().comparatorProperty().bind(table.comparatorProperty());
        table.getColumns().add(text("Sign", SampleRow::sign, 45));
        table.getColumns().add(num("Rank", r -> r.rank(), 55, "%.0f"));
        table.getColumns().add(num("Score", SampleRow::score, 100, "%.4g"));
        table.getColumns().add(num("Sample", r -> r.sampleId(), 75, "%.0f"));
        table.getColumns().add(text("Category", SampleRow::category, 90));
        table.getColumns().add(num("Longest repeat", r -> r.repeatLength(), 105, "%.0f"));
        table.getColumns().add(num("Distance", r -> r.repeatDistance(), 75, "%.0f"));
        table.getColumns().add(text("Repeated text", SampleRow::repeatText, 300));
        table.getColumns().add(text("Source document", SampleRow::source, 200));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.inspect(b));

        Label inspHeader = new Label("click a sample to inspect it");
        inspHeader.setId("inspectorHeader");
        Button prev = new Button("◀ Previous");
        prev.setId("prevSample");
        prev.setOnAction(e -> vm.step(-1));
        Button next = new Button("Next ▶");
        next.setId("nextSample");
        next.setOnAction(e -> vm.step(1));
        CheckBox overlay = new CheckBox("Token influence overlay (blue = helps the head form, orange = hinders)");
        overlay.setId("influenceOverlay");
        overlay.selectedProperty().addListener((o, a, b) -> {
            InspectedSample cur = vm.inspectedProperty().get();
            vm.inspect(cur == null ? null : cur.row()); // redraw the tokens in the other mode
        });
        TokenStrip tokens = new TokenStrip();
        VBox pairs = new VBox(2);
        pairs.setId("repeatPairs");
        ScrollPane tokScroll = new ScrollPane(tokens);
        tokScroll.setFitToWidth(true);
        VBox.setVgrow(tokScroll, Priority.ALWAYS);
        vm.inspectedProperty().addListener((o, a, s) -> {
            tokens.show(s, overlay.isSelected());
            pairs.getChildren().clear();
            if (s == null) {
                inspHeader.setText("click a sample to inspect it");
                return;
            }
            SampleRow r = s.row();
            inspHeader.setText(String.format("Sample #%d (%s rank %d, score %.4g, %s) — %d repeat %s",
                    r.sampleId(), r.sign(), r.rank(), r.score(), r.category(), s.spans().size(),
                    s.spans().size() == 1 ? "pair" : "pairs"));
            for (int p = 0; p < s.spans().size(); p++) {
                RepeatedSpans.Span sp = s.spans().get(p);
                Label l = new Label(String.format("pair %d: %d tokens, %d → %d (distance %d)", p + 1, sp.length(),
                        sp.firstStart(), sp.secondStart(), sp.distance()));
                l.setId("pair-" + p);
                l.setStyle("-fx-border-color: " + Charts.css(p) + "; -fx-border-width: 0 0 0 6; -fx-padding: 0 0 0 4;");
                pairs.getChildren().add(l);
            }
        });
        ScrollPane pairScroll = new ScrollPane(pairs);
        pairScroll.setPrefWidth(300);
        HBox inspBody = new HBox(8, tokScroll, pairScroll);
        HBox.setHgrow(tokScroll, Priority.ALWAYS);
        VBox.setVgrow(inspBody, Priority.ALWAYS);
        HBox nav = new HBox(8, prev, next, overlay, inspHeader);
        nav.setAlignment(Pos.CENTER_LEFT);
        VBox inspector = new VBox(6, new Label("Sample inspector (each repeat pair in its own colour; "
                + "earlier occurrence lighter)"), nav, inspBody);
        inspector.setId("sampleInspector");
        SplitPane split = new SplitPane(table, inspector);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        VBox.setVgrow(split, Priority.ALWAYS);
        Label title = new Label("Samples");
        title.getStyleClass().add("screen-title");
        root.getChildren().addAll(title, header, sign, new HBox(8, new Label("Filter"), filter), split);
    }

    private static TableColumn<SampleRow, String> text(String title, java.util.function.Function<SampleRow, String> f,
                                                       double width) {
        TableColumn<SampleRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<SampleRow, Number> num(String title,
                                                      java.util.function.Function<SampleRow, Number> f,
                                                      double width, String format) {
        TableColumn<SampleRow, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? "" : String.format(format, v.doubleValue()));
            }
        });
        c.setComparator((a, b) -> Double.compare(a.doubleValue(), b.doubleValue()));
        c.setPrefWidth(width);
        return c;
    }

    public Node root() {
        return root;
    }
}
