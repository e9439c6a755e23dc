package mda.engine.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import mda.engine.device.Devices;

/**
 * Everything that defines a training run besides the model and the data order, validated on construction with
 * messages naming the field. Saved as JSON next to the run; a resume compares the saved and requested configs with
 * {@link #differences} and refuses when they differ.
 *
 * @param preset model preset name (see {@code ModelConfig})
 * @param batchSize samples per step {@code B}
 * @param steps horizon {@code S}: updates of the whole run; schedules depend on it, interventions keep it
 * @param lrMax peak learning rate
 * @param warmupSteps linear warmup length {@code w}, in {@code [0, S]}
 * @param minLrRatio {@code lr_min / lr_max} reached at {@code S}
 * @param beta1 AdamW β1
 * @param beta2 AdamW β2
 * @param eps AdamW ε
 * @param weightDecay decoupled weight decay (not applied to biases and LayerNorm)
 * @param clipNorm global gradient-norm clip, 0 = off
 * @param seed run seed: init and data-order streams derive from it
 * @param threads libtorch intra-op threads (fixed for determinism)
 * @param device device preference
 * @param checkpoints metric and weight checkpoint policy
 */
public record TrainConfig(String preset, int batchSize, int steps, double lrMax, int warmupSteps, double minLrRatio,
        double beta1, double beta2, double eps, double weightDecay, double clipNorm, long seed, int threads,
        Devices.Preference device, CheckpointPolicy checkpoints) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** Compact constructor: validates every field. */
    public TrainConfig {
        if (preset == null || preset.isBlank()) {
            throw new IllegalArgumentException("preset must be a non-empty model preset name");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        if (!(lrMax > 0) || Double.isInfinite(lrMax)) {
            throw new IllegalArgumentException("lrMax must be a positive finite number, got " + lrMax);
        }
        if (warmupSteps < 0 || warmupSteps > steps) {
            throw new IllegalArgumentException("warmupSteps must be in [0, steps=" + steps + "], got " + warmupSteps);
        }
        if (!(minLrRatio >= 0 && minLrRatio <= 1)) {
            throw new IllegalArgumentException("minLrRatio must be in [0, 1], got " + minLrRatio);
        }
        new AdamW.Settings(beta1, beta2, eps, weightDecay, clipNorm);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (device == null) {
            throw new IllegalArgumentException("device must be one of " + java.util.Arrays.toString(
                    Devices.Preference.values()));
        }
        if (checkpoints == null) {
            throw new IllegalArgumentException("checkpoints policy must be given");
        }
    }

    /**
     * The spec's defaults (§1.5) for a small run: lr 1e-3, warmup ⌈0.01·S⌉, lr_min = 0.1·lr_max, Pythia's AdamW
     * (0.9, 0.95, 1e-8, wd 0.1, clip 1.0), one thread (reproducible on any machine), automatic device, dense
     * checkpoints.
     */
    public static TrainConfig defaults(String preset, int batchSize, int steps, long seed) {
        AdamW.Settings a = AdamW.Settings.pythia();
        return new TrainConfig(preset, batchSize, steps, 1e-3, LrSchedule.defaultWarmup(Math.max(1, steps)),
                LrSchedule.DEFAULT_MIN_RATIO, a.beta1(), a.beta2(), a.eps(), a.weightDecay(), a.clipNorm(), seed, 1,
                Devices.Preference.AUTO, CheckpointPolicy.dense());
    }

    public LrSchedule lrSchedule() {
        return new LrSchedule(lrMax, steps, warmupSteps, minLrRatio);
    }

    public AdamW.Settings adamSettings() {
        return new AdamW.Settings(beta1, beta2, eps, weightDecay, clipNorm);
    }

    /** Pretty-printed JSON; doubles are written in full precision, so the round trip is exact. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** Parses JSON written by {@link #toJson}; a missing or unknown field is an error naming it. */
    public static TrainConfig fromJson(String json) {
        JsonObject obj;
        try {
            JsonElement el = JsonParser.parseString(json);
            if (!el.isJsonObject()) {
                throw new IllegalArgumentException("train config JSON must be an object");
            }
            obj = el.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("train config is not valid JSON: " + e.getMessage(), e);
        }
        Set<String> known = new HashSet<>();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            known.add(c.getName());
            if (!obj.has(c.getName()) || obj.get(c.getName()).isJsonNull()) {
                throw new IllegalArgumentException("train config JSON lacks field '" + c.getName() + "'");
            }
        }
        for (String key : obj.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("train config JSON has unknown field '" + key + "'");
            }
        }
        try {
            return GSON.fromJson(obj, TrainConfig.class);
        } catch (JsonParseException | NumberFormatException e) {
            throw new IllegalArgumentException("train config JSON has a value of the wrong type: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // gson wraps the record constructor's validation error; surface its message
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    throw new IllegalArgumentException("train config JSON: " + t.getMessage(), t);
                }
            }
            throw e;
        }
    }

    /** Names of the fields whose values differ from {@code other}'s, in declaration order. */
    public List<String> differences(TrainConfig other) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            try {
                if (!Objects.equals(c.getAccessor().invoke(this), c.getAccessor().invoke(other))) {
                    out.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read record component " + c.getName(), e);
            }
        }
        return out;
    }
}
