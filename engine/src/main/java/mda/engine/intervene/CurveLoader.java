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

    /**
     * A run's curves.
     *
     * @param induction target head's induction curve
     * @param icl       ICL gain curve, null when the run has none
     * @param best      induction curve of the run's best head in the target layer (spec §6.4: a retrain may form
     *                  its head at another index); the same as {@code induction} when that is the target
     * @param bestHead  index of that head
     */
    public record Curves(RunCurve induction, RunCurve icl, RunCurve best, int bestHead) {
    }

    /** The curves of {@code run} for head {@code (layer, head)}; a run without any checkpoint is refused. */
    public static Curves load(Project project, RunRecord run, int layer, int head) throws IOException {
        int best = bestHead(project, run, layer);
        MetricSeries icl = project.metrics().series(run.id(), MetricKind.ICL_GAIN, -1, -1);
        Map<Long, JsonObject> files = new HashMap<>();
        RunCurve target = headCurve(project, run, layer, head, files);
        RunCurve bestCurve = best == head ? target : headCurve(project, run, layer, best, files);
        double[][] iclSeq = new double[icl.size()][];
        boolean iclComplete = icl.size() > 0;
        for (int k = 0; k < icl.size(); k++) {
            JsonObject o = file(project, run, icl.steps()[k], files);
            if (o == null || !o.has("iclGain") || o.getAsJsonArray("iclGain").size() == 0) {
                iclComplete = false;
            } else {
                iclSeq[k] = GSON.fromJson(o.get("iclGain"), double[].class);
            }
        }
        RunCurve iclCurve = icl.size() == 0 ? null : new RunCurve(run.name(), run.seed(), icl.steps(), icl.values(),
                iclComplete ? iclSeq : null);
        return new Curves(target, iclCurve, bestCurve, best);
    }

    /** The head of {@code layer} with the largest induction score at the run's last checkpoint. */
    static int bestHead(Project project, RunRecord run, int layer) {
        long last = project.metrics().latestStep(run.id()).orElseThrow(() -> new IllegalArgumentException(
                "run " + run.name() + " has no measured checkpoint yet"));
        double[][] t = project.metrics().atStep(run.id(), last, MetricKind.INDUCTION);
        if (layer >= t.length) {
            throw new IllegalArgumentException("run " + run.name() + " has no induction scores in layer " + layer);
        }
        int best = 0;
        for (int h = 1; h < t[layer].length; h++) {
            if (t[layer][h] > t[layer][best]) {
                best = h;
            }
        }
        return best;
    }

    private static RunCurve headCurve(Project project, RunRecord run, int layer, int head,
            Map<Long, JsonObject> files) throws IOException {
        MetricSeries ind = project.metrics().series(run.id(), MetricKind.INDUCTION, layer, head);
        if (ind.size() == 0) {
            throw new IllegalArgumentException("run " + run.name() + " has no induction scores for L" + layer + ".H"
                    + head + " (not trained yet, or no such head)");
        }
        double[][] seq = new double[ind.size()][];
        boolean complete = true;
        for (int k = 0; k < ind.size(); k++) {
            JsonObject o = file(project, run, ind.steps()[k], files);
            double[][][] heads = o == null ? null : headValues(o, new RunFiles(project, run.id())
                    .perSequence(ind.steps()[k]));
            if (heads == null || layer >= heads.length || head >= heads[layer].length) {
                complete = false;
            } else {
                seq[k] = heads[layer][head];
            }
        }
        return new RunCurve(run.name(), run.seed(), ind.steps(), ind.values(), complete ? seq : null);
    }

    /** The per-sequence file of one checkpoint, read once per load (null when absent). */
    private static JsonObject file(Project project, RunRecord run, long step, Map<Long, JsonObject> cache)
            throws IOException {
        if (!cache.containsKey(step)) {
            cache.put(step, read(new RunFiles(project, run.id()).perSequence(step)));
        }
        return cache.get(step);
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
