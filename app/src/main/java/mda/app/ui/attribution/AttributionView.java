package mda.app.ui.attribution;

import java.awt.BasicStroke;
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
import mda.app.ui.common.Charts;
import mda.engine.store.AttributionRecord;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;

/** The Attribution screen: histogram, log-log CCDF with the power law, mass, enrichment. Binds only. */
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

        JFreeChart hist = Charts.themed(ChartFactory.createHistogram("Influence scores", AttributionFigures.SCORE_AXIS,
                "samples", null, PlotOrientation.VERTICAL, false, true, false));
        registry.put("attribution-histogram", hist);
        vm.histogramProperty().addListener((o, a, b) -> hist.getXYPlot().setDataset(b));

        LogAxis x = new LogAxis("score (positive samples)");
        LogAxis y = new LogAxis("P(score ≥ x)");
        x.setTickUnit(new NumberTickUnit(1.0));
        y.setTickUnit(new NumberTickUnit(1.0));
        x.setSmallestValue(1e-12);
        y.setSmallestValue(1e-9);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShapesVisible(0, true);
        r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-1.5, -1.5, 3, 3));
        r.setSeriesPaint(0, Charts.PALETTE.get(0));
        r.setSeriesLinesVisible(1, true);
        r.setSeriesShapesVisible(1, false);
        r.setSeriesPaint(1, Charts.PALETTE.get(1));
        r.setSeriesStroke(1, new BasicStroke(2f));
        XYPlot cp = new XYPlot(new XYSeriesCollection(), x, y, r);
        JFreeChart ccdf = Charts.themed(new JFreeChart("CCDF of positive scores (log-log)", cp));
        r.setSeriesPaint(0, Charts.PALETTE.get(0));
        r.setSeriesPaint(1, Charts.PALETTE.get(1));
        registry.put("attribution-ccdf", ccdf);
        vm.ccdfProperty().addListener((o, a, b) -> cp.setDataset(b));

        JFreeChart massChart = Charts.themed(ChartFactory.createBarChart("Positive vs negative mass", null,
                "total |score|", null, PlotOrientation.VERTICAL, false, true, false));
        registry.put("attribution-mass", massChart);
        vm.massProperty().addListener((o, a, b) -> massChart.getCategoryPlot().setDataset(b));

        JFreeChart scatter = scatterChart(vm);
        registry.put("attribution-scatter", scatter);
        Label rho = label("spearmanText");
        rho.textProperty().bind(vm.spearmanProperty());

        ChartViewer hv = viewer(hist, "histogramChart");
        ChartViewer sv = viewer(scatter, "scatterChart");
        ChartViewer cv = viewer(ccdf, "ccdfChart");
        ChartViewer mv = viewer(massChart, "massChart");
        ListView<String> enr = new ListView<>(vm.enrichment());
        enr.setId("enrichmentList");
        enr.setPrefHeight(120);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.add(hv, 0, 0);
        grid.add(cv, 1, 0);
        grid.add(sv, 2, 0);
        grid.add(mv, 0, 1);
        VBox enrBox = new VBox(4, new Label("Category enrichment of the top 5%"), enr);
        grid.add(enrBox, 1, 1, 2, 1);
        GridPane.setHgrow(hv, Priority.ALWAYS);
        GridPane.setHgrow(cv, Priority.ALWAYS);
        GridPane.setHgrow(sv, Priority.ALWAYS);
        VBox.setVgrow(grid, Priority.ALWAYS);
        Label title = new Label("Attribution");
        title.getStyleClass().add("screen-title");
        root.getChildren().addAll(new HBox(10, title, choice), header, sign, pl, mass, rho, grid);
    }

    /** Score vs longest repeat, repeat axis logarithmic when the engine's lengths span enough; ρ as subtitle. */
    private static JFreeChart scatterChart(AttributionViewModel vm) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < 2; i++) {
            java.awt.Color c = Charts.PALETTE.get(i == 0 ? 0 : 1);
            r.setSeriesPaint(i, new java.awt.Color(c.getRed(), c.getGreen(), c.getBlue(), 140));
            r.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
        }
        org.jfree.chart.axis.NumberAxis y = new org.jfree.chart.axis.NumberAxis(AttributionFigures.SCORE_AXIS);
        XYPlot plot = new XYPlot(new XYSeriesCollection(), repeatAxis(false), y, r);
        JFreeChart chart = Charts.themed(new JFreeChart("Influence vs repetition", plot));
        org.jfree.chart.title.TextTitle sub = new org.jfree.chart.title.TextTitle("");
        chart.addSubtitle(sub);
        vm.scatterProperty().addListener((o, a, b) -> {
            plot.setDomainAxis(repeatAxis(vm.logRepeatProperty().get()));
            plot.setDataset(b);
            Charts.themed(chart);
            for (int i = 0; i < 2; i++) {
                java.awt.Color c = Charts.PALETTE.get(i == 0 ? 0 : 1);
                r.setSeriesPaint(i, new java.awt.Color(c.getRed(), c.getGreen(), c.getBlue(), 140));
            }
        });
        vm.spearmanProperty().addListener((o, a, b) -> sub.setText(b));
        return chart;
    }

    private static org.jfree.chart.axis.ValueAxis repeatAxis(boolean log) {
        String label = "longest repeated span (tokens" + (log ? ", log scale)" : ")");
        if (log) {
            LogAxis a = new LogAxis(label);
            a.setSmallestValue(1);
            a.setNumberFormatOverride(new java.text.DecimalFormat("0"));
            return a;
        }
        org.jfree.chart.axis.NumberAxis a = new org.jfree.chart.axis.NumberAxis(label);
        a.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        return a;
    }

    private static ChartViewer viewer(JFreeChart c, String id) {
        ChartViewer v = new ChartViewer(c);
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
