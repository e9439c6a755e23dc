package mda.engine.train;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mda.engine.corpus.Samples;
import mda.engine.model.ModelConfig;
import mda.engine.probe.CheckpointMetrics;
import mda.engine.probe.CheckpointProbe;
import mda.engine.probe.EvalData;
import mda.engine.probe.MetricKind;
import mda.engine.store.Blobs;
import mda.engine.store.MetricValue;

/**
 * The "measure and record" part of a checkpoint, shared by training and by measuring a stored checkpoint later:
 * the evaluation probe of a run (its held-out windows are the corpus's last {@link #HELD_OUT}), the metric rows of
 * one {@link CheckpointMetrics} and its per-sequence file.
 */
public final class CheckpointMeasurement {
    /** Held-out natural-text windows for the NT metrics (§2.1: 64): the corpus's last windows, never trained on. */
    public static final int HELD_OUT = 64;

    private CheckpointMeasurement() {
    }

    /** Ids of the held-out windows of a corpus with {@code sampleCount} windows: the last {@link #HELD_OUT}. */
    public static long[] heldOut(long sampleCount) {
        if (sampleCount <= HELD_OUT) {
            throw new IllegalArgumentException("the corpus has " + sampleCount + " windows; the held-out set alone needs "
                    + HELD_OUT + " and training needs more");
        }
        long trainable = sampleCount - HELD_OUT;
        long[] ids = new long[HELD_OUT];
        for (int i = 0; i < HELD_OUT; i++) {
            ids[i] = trainable + i;
        }
        return ids;
    }

    /**
     * The probe of a run with seed {@code seed}: RRT sets from the seed, natural text from the held-out windows of
     * {@code samples}, or none (no NT metrics) when {@code samples} is null.
     */
    public static CheckpointProbe probe(ModelConfig cfg, Samples samples, long seed) {
        long[] held = samples == null ? new long[0] : heldOut(samples.sampleCount());
        return new CheckpointProbe(EvalData.build(cfg.ctx(), cfg.vocab(), samples, held, EvalData.DEFAULT_SEQUENCES,
                false, seed));
    }

    /** The metric rows of one checkpoint; the training loss is added when finite. */
    public static List<MetricValue> values(CheckpointMetrics cm, double trainLoss) {
        List<MetricValue> values = new ArrayList<>();
        for (Map.Entry<String, double[][]> e : cm.heads().entrySet()) {
            double[][] t = e.getValue();
            for (int l = 0; l < t.length; l++) {
                for (int h = 0; h < t[l].length; h++) {
                    values.add(MetricValue.head(l, h, e.getKey(), t[l][h]));
                }
            }
        }
        cm.run().forEach((k, v) -> values.add(MetricValue.runLevel(k, v)));
        if (Double.isFinite(trainLoss)) {
            values.add(MetricValue.runLevel(MetricKind.TRAIN_LOSS, trainLoss));
        }
        return values;
    }

    /** Writes the per-sequence values of one checkpoint (for the onset's bootstrap CI) atomically. */
    public static void writePerSequence(RunFiles files, long step, CheckpointMetrics cm) throws IOException {
        Blobs.writeAtomic(files.perSequence(step), tmp -> Files.writeString(tmp,
                new Gson().toJson(Map.of("perSeq", cm.perSeq(), "iclGain", cm.iclPerSeq(),
                        "lossCurve", cm.lossCurve())), StandardCharsets.UTF_8));
    }
}
