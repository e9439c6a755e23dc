package mda.app.ui.common;

import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.jfree.chart.JFreeChart;

/** The charts the screens currently show, by name, for the Export screen. */
public final class ChartRegistry {
    private final ObservableMap<String, JFreeChart> charts = FXCollections.observableMap(new java.util.TreeMap<>());

    /** Adds or replaces the chart called {@code name}. */
    public void put(String name, JFreeChart chart) {
        charts.put(name, chart);
    }

    /** Drops the chart called {@code name}, when its screen no longer shows it. */
    public void remove(String name) {
        charts.remove(name);
    }

    public ObservableMap<String, JFreeChart> charts() {
        return charts;
    }
}
