package mda.app.ui.common;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.paint.Color;

/**
 * A layers × heads table drawn as coloured cells with the value printed in each (cell ids {@code cell-L-H}).
 * Only shows what it is given.
 */
public final class HeadsHeatmap extends GridPane {
    public HeadsHeatmap() {
        getStyleClass().add("heads-heatmap");
        setHgap(2);
        setVgap(2);
    }

    /** Shows {@code table} [layer][head] with the colour range set by its finite minimum and maximum. */
    public void show(double[][] table, String kind) {
        getChildren().clear();
        double[] range = ColorScale.finiteRange(table);
        double lo = range[0];
        double hi = range[1];
        for (int h = 0; h < (table.length == 0 ? 0 : table[0].length); h++) {
            add(header("H" + h), h + 1, 0);
        }
        for (int l = 0; l < table.length; l++) {
            add(header("L" + l), 0, l + 1);
            for (int h = 0; h < table[l].length; h++) {
                double v = table[l][h];
                Color c = ColorScale.of(v, lo, hi);
                Label cell = new Label(Double.isFinite(v) ? String.format("%.3f", v) : "—");
                cell.setId("cell-" + l + "-" + h);
                cell.getStyleClass().add("heat-cell");
                cell.setAlignment(Pos.CENTER);
                cell.setMinSize(64, 34);
                cell.setStyle(String.format("-fx-background-color: %s; -fx-text-fill: %s;", web(c),
                        web(ColorScale.textOn(c))));
                Tooltip.install(cell, new Tooltip(String.format("layer %d head %d: %s = %.5f", l, h, kind, v)));
                add(cell, h + 1, l + 1);
            }
        }
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("heat-header");
        l.setMinWidth(28);
        l.setAlignment(Pos.CENTER);
        return l;
    }

    private static String web(Color c) {
        return String.format("#%02x%02x%02x", (int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255),
                (int) Math.round(c.getBlue() * 255));
    }
}
