package mda.engine.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import mda.engine.model.ModelConfig;
import mda.engine.probe.MetricKind;
import mda.engine.probe.Onset;
import mda.engine.probe.OnsetResult;
import mda.engine.probe.ReferenceLevels;
import mda.engine.store.MetricSeries;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.util.SplitMix64;

/**
 * What {@code mda heads} and the training monitor show of a run: every score per layer and head at one checkpoint,
 * the strongest induction head and previous-token head, their formation curves, the induction onset (τ = 0.5, with a
 * bootstrap CI over evaluation sequences) and the ICL gain before and after it.
 */
public record HeadsReport(RunRecord run, ModelConfig config, long step, Map<String, double[][]> tables,
                          int inductionLayer, int inductionHead, MetricSeries induction, MetricSeries inductionShort,
                          int prevLayer, int prevHead, MetricSeries prevToken, MetricSeries iclGain,
                          Onset.OnsetCi onset, String onsetNote, double iclBeforeOnset, double iclAfterOnset) {

    static final double TAU = 0.5;
    static final int BOOTSTRAP = 200;

    /** The report at {@code step}, or at the run's last measured step when null. */
    public static HeadsReport build(Project project, RunRecord run, Long step) throws IOException {
        ModelConfig cfg = TrainRuns.modelConfig(run);
        long at = step != null ? step : project.metrics().latestStep(run.id()).orElseThrow(
                () -> new IllegalArgumentException("run '" + run.name() + "' has no measured checkpoint yet"));
        Map<String, double[][]> tables = new LinkedHashMap<>();
        for (String kind : MetricKind.HEAD_KINDS) {
            double[][] t = project.metrics().atStep(run.id(), at, kind);
            if (t.length == 0 && step != null) {
                throw new IllegalArgumentException("run '" + run.name() + "' has no metrics at step " + at);
            }
            tables.put(kind, t);
        }
        double[][] ind = tables.get(MetricKind.INDUCTION);
        int[] bestInd = argmax(ind, 1);
        // the previous-token head that feeds an induction head sits in an earlier layer
        double[][] prevTable = tables.get(MetricKind.PREV_TOKEN);
        int[] bestPrev = bestInd[0] > 0 ? argmaxBelow(prevTable, bestInd[0]) : argmax(prevTable, 0);
        var metrics = project.metrics();
        MetricSeries indSeries = metrics.series(run.id(), MetricKind.INDUCTION, bestInd[0], bestInd[1]);
        MetricSeries indShort = metrics.series(run.id(), MetricKind.INDUCTION_SHORT, bestInd[0], bestInd[1]);
        MetricSeries prev = metrics.series(run.id(), MetricKind.PREV_TOKEN, bestPrev[0], bestPrev[1]);
        MetricSeries icl = metrics.series(run.id(), MetricKind.ICL_GAIN, -1, -1);

        Onset.OnsetCi ci = null;
        String note;
        double before = Double.NaN;
        double after = Double.NaN;
        ReferenceLevels ref = indSeries.size() >= 6 ? ReferenceLevels.fromBaseline(indSeries.values()) : null;
        if (ref == null) {
            note = "too few checkpoints for an onset";
        } else if (!ref.rises() || ref.high() - ref.low() < 0.05) {
            note = String.format("no induction onset: the score moved only from %.3f to %.3f", ref.low(), ref.high());
        } else {
            double[][] perSeq = perSequence(project, run, indSeries.steps(), bestInd);
            ci = Onset.bootstrapCi(indSeries.steps(), perSeq, ref, TAU, BOOTSTRAP,
                    SplitMix64.stream(run.seed(), SplitMix64.Stream.BOOTSTRAP));
            OnsetResult o = ci.estimate();
            note = o.rightCensored() ? "right-censored at step " + o.lastStep() : "onset";
            if (!o.rightCensored() && icl.size() > 0) {
                before = valueNear(icl, o.step() / 2);
                after = icl.values()[icl.size() - 1];
            }
        }
        return new HeadsReport(run, cfg, at, tables, bestInd[0], bestInd[1], indSeries, indShort, bestPrev[0],
                bestPrev[1], prev, icl, ci, note, before, after);
    }

    /** The per-sequence induction values of one head at every checkpoint: [checkpoint][sequence]. */
    private static double[][] perSequence(Project project, RunRecord run, long[] steps, int[] head)
            throws IOException {
        RunFiles files = new RunFiles(project, run.id());
        double[][] out = new double[steps.length][];
        Gson gson = new Gson();
        for (int k = 0; k < steps.length; k++) {
            Path f = files.perSequence(steps[k]);
            JsonObject o = gson.fromJson(Files.readString(f, StandardCharsets.UTF_8), JsonObject.class);
            double[][][] v = gson.fromJson(o.getAsJsonObject("perSeq").get(MetricKind.INDUCTION), double[][][].class);
            out[k] = v[head[0]][head[1]];
        }
        return out;
    }

    /** The series value at the last checkpoint at or before {@code step}. */
    private static double valueNear(MetricSeries s, double step) {
        double v = s.values()[0];
        for (int i = 0; i < s.size(); i++) {
            if (s.steps()[i] <= step) {
                v = s.values()[i];
            }
        }
        return v;
    }

    private static int[] argmax(double[][] t, int minLayer) {
        int[] best = {Math.min(minLayer, t.length - 1), 0};
        double v = Double.NEGATIVE_INFINITY;
        for (int l = Math.min(minLayer, t.length - 1); l < t.length; l++) {
            for (int h = 0; h < t[l].length; h++) {
                if (t[l][h] > v) {
                    v = t[l][h];
                    best = new int[] {l, h};
                }
            }
        }
        return best;
    }

    private static int[] argmaxBelow(double[][] t, int layerLimit) {
        int[] best = {0, 0};
        double v = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < layerLimit; l++) {
            for (int h = 0; h < t[l].length; h++) {
                if (t[l][h] > v) {
                    v = t[l][h];
                    best = new int[] {l, h};
                }
            }
        }
        return best;
    }
}
