package mda.app.ui.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import mda.app.ui.common.Background;
import mda.app.ui.common.ChartExport;
import mda.app.ui.common.ChartRegistry;
import mda.app.ui.common.ProjectSession;
import mda.app.ui.common.WorkbenchModel;
import mda.app.ui.interventions.OnsetRow;
import mda.app.ui.samples.SampleRow;
import mda.engine.store.AttributionRecord;
import org.jfree.chart.JFreeChart;

/**
 * The Export screen's state: which charts, which formats, the paper preset, the PNG resolution and the folder; the
 * tables as CSV and the figure pack of one attribution.
 */
public final class ExportViewModel {
    private final ChartRegistry registry;
    private final WorkbenchModel model;
    private final ObservableList<SampleRow> sampleRows;
    private final ObservableList<OnsetRow> onsetRows;
    private final Background background = new Background();
    private final ObservableList<String> charts = FXCollections.observableArrayList();
    private final ObservableList<String> selected = FXCollections.observableArrayList();
    private final ObservableList<ChartExport.Preset> presets =
            FXCollections.observableArrayList(ChartExport.Preset.values());
    private final ObjectProperty<ChartExport.Preset> preset = new SimpleObjectProperty<>(ChartExport.Preset.SINGLE_COLUMN);
    private final IntegerProperty dpi = new SimpleIntegerProperty(300);
    private final BooleanProperty png = new SimpleBooleanProperty(true);
    private final BooleanProperty svg = new SimpleBooleanProperty(true);
    private final BooleanProperty pdf = new SimpleBooleanProperty(true);
    private final StringProperty folder = new SimpleStringProperty(
            Path.of(System.getProperty("user.home"), "mda-figures").toString());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ObservableList<String> written = FXCollections.observableArrayList();

    /**
     * @param sampleRows the Samples table as shown (filtered, sorted)
     * @param onsetRows  the Interventions screen's onset table
     */
    public ExportViewModel(WorkbenchModel model, ObservableList<SampleRow> sampleRows,
            ObservableList<OnsetRow> onsetRows) {
        this.model = model;
        this.registry = model.charts();
        this.sampleRows = sampleRows;
        this.onsetRows = onsetRows;
        charts.setAll(registry.charts().keySet());
        registry.charts().addListener((MapChangeListener<String, JFreeChart>) c ->
                charts.setAll(registry.charts().keySet()));
    }

    /** Writes every selected chart (all when none is selected) in every chosen format. */
    public void export() {
        List<String> names = new ArrayList<>(selected.isEmpty() ? charts : selected);
        Set<ChartExport.Format> formats = EnumSet.noneOf(ChartExport.Format.class);
        if (png.get()) {
            formats.add(ChartExport.Format.PNG);
        }
        if (svg.get()) {
            formats.add(ChartExport.Format.SVG);
        }
        if (pdf.get()) {
            formats.add(ChartExport.Format.PDF);
        }
        if (names.isEmpty() || formats.isEmpty()) {
            background.fail(new IllegalArgumentException(names.isEmpty()
                    ? "no charts to export: open the screens whose charts you want first" : "choose at least one format"));
            return;
        }
        Map<String, JFreeChart> map = Map.copyOf(registry.charts());
        ChartExport.Preset p = preset.get();
        int d = dpi.get();
        Path dir = Path.of(folder.get());
        background.run(() -> {
            List<String> out = new ArrayList<>();
            for (String n : names) {
                for (ChartExport.Format f : formats) {
                    Path file = dir.resolve(n + "-" + (p == ChartExport.Preset.SINGLE_COLUMN ? "1col" : "2col") + "."
                            + f.extension());
                    ChartExport.write(map.get(n), f, file, p.widthInches(), p.heightInches(), d);
                    out.add(file.toString());
                }
            }
            return out;
        }, out -> {
            written.setAll(out);
            status.set("wrote " + out.size() + " files to " + dir);
        });
    }

    /** Writes the Samples table, as shown, to {@code samples-attribution<id>.csv} in the folder. */
    public void exportSamplesCsv() {
        AttributionRecord a = model.attributionProperty().get();
        List<SampleRow> rows = List.copyOf(sampleRows);
        if (a == null || rows.isEmpty()) {
            background.fail(new IllegalStateException("no samples to export: the chosen run has no attribution"));
            return;
        }
        Path file = Path.of(folder.get()).resolve("samples-attribution" + a.id() + ".csv");
        background.run(() -> {
            TableCsv.samples(rows, file);
            return List.of(file.toString());
        }, out -> done(out, Path.of(folder.get())));
    }

    /** Writes the onset table to {@code onsets-<baseline>.csv} in the folder. */
    public void exportOnsetsCsv() {
        List<OnsetRow> rows = List.copyOf(onsetRows);
        if (rows.isEmpty()) {
            background.fail(new IllegalStateException("no onset table to export: the chosen run has no interventions"));
            return;
        }
        String base = rows.get(0).run().replaceAll("[^A-Za-z0-9._-]", "_");
        Path file = Path.of(folder.get()).resolve("onsets-" + base + ".csv");
        background.run(() -> {
            TableCsv.onsets(rows, file);
            return List.of(file.toString());
        }, out -> done(out, Path.of(folder.get())));
    }

    /** Writes the figure pack of the chosen attribution into the folder ({@link FigurePack}). */
    public void exportFigurePack() {
        AttributionRecord a = model.attributionProperty().get();
        ProjectSession s = model.session();
        if (a == null || s == null) {
            background.fail(new IllegalStateException("no attribution chosen: a figure pack is of one attribution"));
            return;
        }
        Path dir = Path.of(folder.get());
        ChartExport.Preset p = preset.get();
        int d = dpi.get();
        background.run(() -> {
            List<String> out = new ArrayList<>();
            for (Path f : FigurePack.write(s.project(), a.id(), dir, p, d)) {
                out.add(f.toString());
            }
            return out;
        }, out -> done(out, dir));
    }

    private void done(List<String> out, Path dir) {
        written.setAll(out);
        status.set("wrote " + out.size() + " files to " + dir);
    }

    public ObservableList<AttributionRecord> attributions() {
        return model.attributions();
    }

    public ObjectProperty<AttributionRecord> attributionProperty() {
        return model.attributionProperty();
    }

    public ObservableList<String> charts() {
        return charts;
    }

    public ObservableList<String> selected() {
        return selected;
    }

    public ObservableList<ChartExport.Preset> presets() {
        return presets;
    }

    public ObjectProperty<ChartExport.Preset> presetProperty() {
        return preset;
    }

    public IntegerProperty dpiProperty() {
        return dpi;
    }

    public BooleanProperty pngProperty() {
        return png;
    }

    public BooleanProperty svgProperty() {
        return svg;
    }

    public BooleanProperty pdfProperty() {
        return pdf;
    }

    public StringProperty folderProperty() {
        return folder;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ObservableList<String> written() {
        return written;
    }

    public Background background() {
        return background;
    }
}
