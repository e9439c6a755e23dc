package mda.app.ui.interventions;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import mda.app.charts.ComparisonFigures;
import mda.app.ui.common.ChartRegistry;
import mda.app.ui.common.Charts;
import mda.engine.intervene.ComparisonReport;
import mda.engine.intervene.RunComparison;
import mda.engine.store.AttributionRecord;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/** The Interventions screen: plan form with launch/cancel, overlaid formation and ICL curves, the onset table. */
public final class InterventionsView {
    private final VBox root = new VBox(8);

    public InterventionsView(InterventionsViewModel vm, ChartRegistry registry) {
        root.setId("interventionsScreen");
        root.setPadding(new Insets(10));
        Label title = new Label("Interventions");
        title.getStyleClass().add("screen-title");

        ComboBox<AttributionRecord> attr = new ComboBox<>(vm.attributions());
        attr.setId("interventionAttribution");
        attr.valueProperty().bindBidirectional(vm.attributionProperty());
        attr.setCellFactory(l -> new AttrCell());
        attr.setButtonCell(new AttrCell());
        ComboBox<String> plan = new ComboBox<>(vm.plans());
        plan.setId("interventionPlan");
        plan.valueProperty().bindBidirectional(vm.planProperty());
        Spinner<Double> k = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0.1, 100,
                vm.kProperty().get(), 1));
        k.setId("interventionK");
        k.setEditable(true);
        k.setPrefWidth(85);
        k.valueProperty().addListener((o, a, b) -> vm.kProperty().set(b));
        Spinner<Integer> m = new Spinner<>(2, 8, vm.mProperty().get());
        m.setId("interventionM");
        m.setPrefWidth(65);
        m.valueProperty().addListener((o, a, b) -> vm.mProperty().set(b));
        m.disableProperty().bind(vm.duplicatesProperty().not());
        Spinner<Integer> seeds = new Spinner<>(1, 32, vm.seedsProperty().get());
        seeds.setId("interventionSeeds");
        seeds.setEditable(true);
        seeds.setPrefWidth(70);
        seeds.valueProperty().addListener((o, a, b) -> vm.seedsProperty().set(b));
        Button launch = new Button("Launch");
        launch.setId("launchIntervention");
        launch.setOnAction(e -> vm.launch());
        launch.disableProperty().bind(vm.runningProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancelIntervention");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        HBox form = new HBox(8, new Label("Attribution"), attr, new Label("Plan"), plan, new Label("k %"), k,
                new Label("m"), m, new Label("seeds"), seeds, launch, cancel);
        form.setAlignment(Pos.CENTER_LEFT);

        ProgressBar bar = new ProgressBar(0);
        bar.setId("interventionProgress");
        bar.setPrefWidth(200);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.runningProperty());
        Label job = new Label();
        job.setId("interventionJob");
        job.textProperty().bind(Bindings.concat(vm.jobTextProperty(), " ", vm.background().errorProperty()));
        HBox jobRow = new HBox(8, bar, job);
        jobRow.setAlignment(Pos.CENTER_LEFT);

        Label header = new Label();
        header.setId("interventionHeader");
        header.setWrapText(true);
        header.textProperty().bind(vm.headerProperty());

        ChartViewer formation = viewer("interventionFormationChart");
        ChartViewer icl = viewer("interventionIclChart");
        vm.reportProperty().addListener((o, a, r) -> showCharts(r, formation, icl, registry));
        showCharts(vm.reportProperty().get(), formation, icl, registry); // the model may have loaded before the view
        HBox charts = new HBox(8, formation, icl);
        HBox.setHgrow(formation, Priority.ALWAYS);
        HBox.setHgrow(icl, Priority.ALWAYS);

        TableView<OnsetRow> table = table(vm);
        ListView<String> summaries = new ListView<>(vm.summaries());
        summaries.setId("onsetSummaries");
        summaries.setPrefHeight(110);
        summaries.setMinHeight(110);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().addAll(new HBox(10, title), form, jobRow, header, charts, table, summaries);
    }

    private static void showCharts(ComparisonReport r, ChartViewer formation, ChartViewer icl,
            ChartRegistry registry) {
        // ChartViewer refuses a null chart: without a comparison the viewers are hidden instead
        formation.setVisible(r != null);
        icl.setVisible(r != null && ComparisonFigures.icl(r) != null);
        if (r == null) {
            return;
        }
        JFreeChart f = Charts.themed(ComparisonFigures.formation(r)); // the workbench theme, as in every figure
        formation.setChart(f);
        registry.put("interventions-formation", f);
        if (icl.isVisible()) {
            JFreeChart i = Charts.themed(ComparisonFigures.icl(r));
            icl.setChart(i);
            registry.put("interventions-icl", i);
        }
    }

    private static TableView<OnsetRow> table(InterventionsViewModel vm) {
        TableView<OnsetRow> t = new TableView<>(vm.rows());
        t.setId("onsetTable");
        t.getColumns().add(col("Metric", OnsetRow::metric, 125));
        t.getColumns().add(col("Run", OnsetRow::run, 170));
        t.getColumns().add(col("Seed", r -> String.valueOf(r.seed()), 45));
        TableColumn<OnsetRow, String> onsets = new TableColumn<>("onset step [95% CI]");
        TableColumn<OnsetRow, String> ratios = new TableColumn<>("ratio to baseline");
        for (int i = 0; i < RunComparison.TAUS.length; i++) {
            int ti = i;
            String tau = String.format(java.util.Locale.ROOT, "τ=%.2f", RunComparison.TAUS[i]);
            onsets.getColumns().add(col(tau, r -> r.onsetText(ti), 130));
            ratios.getColumns().add(col(tau, r -> r.ratioText(ti), 65));
        }
        t.getColumns().add(onsets);
        t.getColumns().add(ratios);
        t.getColumns().add(col("Δ τ=0.5", OnsetRow::deltaText, 62));
        t.getColumns().add(col("Note", OnsetRow::note, 200));
        t.setRowFactory(v -> new TableRow<>() {
            @Override
            protected void updateItem(OnsetRow r, boolean empty) {
                super.updateItem(r, empty);
                // censored runs are marked (their onsets and ratios are bounds); baselines in bold
                String style = "";
                if (!empty && r != null) {
                    style = (r.anyCensored() ? "-fx-background-color: #FFF1E0;" : "")
                            + ("baseline".equals(r.role()) ? "-fx-font-weight: bold;" : "");
                }
                setStyle(style);
            }
        });
        t.setPlaceholder(new Label("no intervention runs for this baseline yet"));
        return t;
    }

    private static TableColumn<OnsetRow, String> col(String title, java.util.function.Function<OnsetRow, String> f,
            double width) {
        TableColumn<OnsetRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static ChartViewer viewer(String id) {
        ChartViewer v = new ChartViewer(null);
        v.setId(id);
        v.setPrefSize(520, 280);
        return v;
    }

    private static final class AttrCell extends ListCell<AttributionRecord> {
        @Override
        protected void updateItem(AttributionRecord r, boolean empty) {
            super.updateItem(r, empty);
            setText(empty || r == null ? "" : String.format("#%d L%d.H%d step %d", r.id(), r.layer(), r.head(),
                    r.step()));
        }
    }

    public Node root() {
        return root;
    }
}
