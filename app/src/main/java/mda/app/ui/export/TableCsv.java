package mda.app.ui.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mda.app.ui.interventions.OnsetRow;
import mda.app.ui.samples.SampleRow;
import mda.engine.intervene.RunComparison;

/** The workbench tables as CSV (RFC 4180 quoting, UTF-8, full-precision numbers, empty for "none"). */
public final class TableCsv {
    private TableCsv() {
    }

    /** The Samples table, in the order given (the screen's filter and sort). */
    public static void samples(List<SampleRow> rows, Path file) throws IOException {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of("sign", "rank", "score (positive = helps the head form)", "sample_id", "category",
                "longest_repeat", "repeat_distance", "repeat_text", "source"));
        for (SampleRow r : rows) {
            out.add(List.of(r.sign().equals("+") ? "+" : "-", String.valueOf(r.rank()), num(r.score()),
                    String.valueOf(r.sampleId()), r.category(), String.valueOf(r.repeatLength()),
                    String.valueOf(r.repeatDistance()), r.repeatText(), r.source()));
        }
        write(file, out);
    }

    /** The onset table: per τ the onset (empty when censored or undefined), its CI, censoring and the ratio. */
    public static void onsets(List<OnsetRow> rows, Path file) throws IOException {
        List<String> head = new ArrayList<>(List.of("metric", "group", "run", "seed", "role"));
        for (double tau : RunComparison.TAUS) {
            String t = String.format(Locale.ROOT, "tau%.2f", tau);
            head.addAll(List.of("onset_" + t, "ci_low_" + t, "ci_high_" + t, "censored_" + t, "ratio_" + t));
        }
        head.addAll(List.of("delta_tau0.50", "last_step", "note"));
        List<List<String>> out = new ArrayList<>();
        out.add(head);
        for (OnsetRow r : rows) {
            List<String> row = new ArrayList<>(List.of(r.metric(), r.group(), r.run(), String.valueOf(r.seed()),
                    r.role()));
            for (int t = 0; t < RunComparison.TAUS.length; t++) {
                row.addAll(List.of(num(r.onset()[t]), num(r.lower()[t]), num(r.upper()[t]),
                        String.valueOf(r.censored()[t]), num(r.ratio()[t])));
            }
            row.addAll(List.of(num(r.delta()), String.valueOf(r.lastStep()), r.note()));
            out.add(row);
        }
        write(file, out);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : Double.toString(v);
    }

    static String quote(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static void write(Path file, List<List<String>> rows) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (List<String> r : rows) {
                List<String> q = new ArrayList<>();
                for (String v : r) {
                    q.add(quote(v == null ? "" : v));
                }
                w.write(String.join(",", q));
                w.write("\r\n");
            }
        }
    }
}
