package mda.engine.intervene;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import mda.engine.probe.MetricKind;
import mda.engine.store.MetricSeries;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.RunFiles;

/**
 * Reads a run's formation curves from the project: a head's induction score and the run's ICL gain, with the
 * per-sequence values the training job stored at each checkpoint (under {@link RunFiles#perSequence}).
 */
public final class CurveLoader {
    private static final Gson GSON = new Gson();

    private CurveLoader() {
    }

    /** A run's target-head induction curve and its ICL gain curve. */
    public record Curves(RunCurve induction, RunCurve icl) {
    }

    /** Both curves of {@code run} for head {@code (layer, head)}; a run without any checkpoint is refused. */
    public static Curves load(Project project, RunRecord run, int layer, int head) throws IOException {
        MetricSeries ind = project.metrics().series(run.id(), MetricKind.INDUCTION, layer, head);
        if (ind.size() == 0) {
            throw new IllegalArgumentException("run " + run.name() + " has no induction scores for L" + layer + ".H"
                    + head + " (not trained yet, or no such head)");
        }
        MetricSeries icl = project.metrics().series(run.id(), MetricKind.ICL_GAIN, -1, -1);
        RunFiles files = new RunFiles(project, run.id());
        double[][] indSeq = new double[ind.size()][];
        double[][] iclSeq = new double[icl.size()][];
        boolean indComplete = true;
        boolean iclComplete = icl.size() > 0;
        Map<Long, JsonObject> bySteps = new HashMap<>();
        for (int k = 0; k < ind.size(); k++) {
            JsonObject o = read(files.perSequence(ind.steps()[k]));
            bySteps.put(ind.steps()[k], o);
            double[][][] heads = o == null ? null : headValues(o, files.perSequence(ind.steps()[k]));
            if (heads == null || layer >= heads.length || head >= heads[layer].length) {
                indComplete = false;
            } else {
                indSeq[k] = heads[layer][head];
            }
        }
        for (int k = 0; k < icl.size(); k++) {
            // the ICL gain is measured at the same checkpoints: reuse the file read above
            JsonObject o = bySteps.containsKey(icl.steps()[k]) ? bySteps.get(icl.steps()[k])
                    : read(files.perSequence(icl.steps()[k]));
            if (o == null || !o.has("iclGain") || o.getAsJsonArray("iclGain").size() == 0) {
                iclComplete = false;
            } else {
                iclSeq[k] = GSON.fromJson(o.get("iclGain"), double[].class);
            }
        }
        RunCurve indCurve = new RunCurve(run.name(), run.seed(), ind.steps(), ind.values(),
                indComplete ? indSeq : null);
        RunCurve iclCurve = icl.size() == 0 ? null : new RunCurve(run.name(), run.seed(), icl.steps(), icl.values(),
                iclComplete ? iclSeq : null);
        return new Curves(indCurve, iclCurve);
    }

    private static JsonObject read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
        } catch (JsonParseException e) {
            throw new IOException(file + ": per-sequence metrics are not valid JSON: " + e.getMessage(), e);
        }
    }

    private static double[][][] headValues(JsonObject o, Path file) throws IOException {
        if (!o.has("perSeq")) {
            return null;
        }
        JsonElement v = o.getAsJsonObject("perSeq").get(MetricKind.INDUCTION);
        try {
            return v == null ? null : GSON.fromJson(v, double[][][].class);
        } catch (JsonParseException e) {
            throw new IOException(file + ": induction values are not a [layer][head][sequence] array", e);
        }
    }
}
