package mda.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import mda.engine.device.Devices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation and JSON round trip of the run configuration. */
class TrainConfigTest {
    private final TrainConfig base = TrainConfig.defaults("tiny-cpu", 32, 3000, 1234567890123456789L);

    @Test
    void defaultsFollowTheSpec() {
        assertEquals(30, base.warmupSteps());
        assertEquals(1e-3, base.lrMax());
        assertEquals(0.95, base.beta2());
        assertEquals(1.0, base.clipNorm());
        assertEquals(1e-4, base.lrSchedule().lrMin(), 1e-18);
        assertEquals(AdamW.Settings.pythia(), base.adamSettings());
    }

    @Test
    void jsonRoundTripIsExact() {
        TrainConfig odd = new TrainConfig("pythia-14m", 7, 123, 6.1e-4, 5, 0.07, 0.85, 0.975, 3.3e-9, 0.013, 0.5,
                -42L, 3, Devices.Preference.GPU, new CheckpointPolicy(9, 40, false));
        for (TrainConfig c : List.of(base, odd)) {
            String json = c.toJson();
            assertEquals(c, TrainConfig.fromJson(json));
            assertEquals(List.of(), c.differences(TrainConfig.fromJson(json)));
        }
        assertTrue(odd.toJson().contains("\"device\": \"GPU\""), odd.toJson());
    }

    @ParameterizedTest
    @CsvSource({"batchSize, 0", "batchSize, -3", "steps, 0", "lrMax, 0", "lrMax, -0.001", "warmupSteps, 4000",
        "beta1, 1.0", "eps, 0", "threads, 0", "minLrRatio, 2"})
    void badValuesAreRejectedNamingTheField(String field, String value) {
        JsonObject o = JsonParser.parseString(base.toJson()).getAsJsonObject();
        o.add(field, JsonParser.parseString(value));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.fromJson(o.toString()));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void constructorValidationNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainConfig("x", 0, 10,
                1e-3, 1, 0.1, 0.9, 0.95, 1e-8, 0.1, 1.0, 1, 1, Devices.Preference.CPU, CheckpointPolicy.dense()));
        assertEquals("batchSize must be positive, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainConfig(" ", 4, 10, 1e-3, 1, 0.1, 0.9, 0.95,
                1e-8, 0.1, 1.0, 1, 1, Devices.Preference.CPU, CheckpointPolicy.dense()));
        assertTrue(e.getMessage().contains("preset"));
    }

    @Test
    void missingUnknownAndMalformedJsonAreClearErrors() {
        JsonObject o = JsonParser.parseString(base.toJson()).getAsJsonObject();
        o.remove("seed");
        assertEquals("train config JSON lacks field 'seed'",
                assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson(o.toString())).getMessage());
        JsonObject typo = JsonParser.parseString(base.toJson()).getAsJsonObject();
        typo.addProperty("batchsize", 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson(typo.toString()))
                .getMessage().contains("unknown field 'batchsize'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson("{\"preset\": "))
                .getMessage().contains("not valid JSON"));
        JsonObject wrongType = JsonParser.parseString(base.toJson()).getAsJsonObject();
        wrongType.addProperty("steps", "many");
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson(wrongType.toString()));
        JsonObject badEnum = JsonParser.parseString(base.toJson()).getAsJsonObject();
        badEnum.addProperty("device", "TPU");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson(badEnum.toString()))
                .getMessage().contains("device"));
    }

    @Test
    void differencesNameChangedFieldsForResumeChecks() {
        TrainConfig other = new TrainConfig(base.preset(), base.batchSize(), base.steps(), 2e-3, base.warmupSteps(),
                base.minLrRatio(), base.beta1(), base.beta2(), base.eps(), base.weightDecay(), base.clipNorm(), 99,
                base.threads(), base.device(), base.checkpoints());
        assertEquals(List.of("lrMax", "seed"), base.differences(other));
    }
}
