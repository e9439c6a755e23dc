package mda.engine.jobs;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Typed job parameters: a record per job kind, stored with the job row as JSON. On resume the stored and the
 * requested parameters are compared and a difference is refused, naming the fields that changed.
 */
public final class JobParams {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private JobParams() {}

    /** The parameter record as one JSON object, fields in declaration order. */
    public static String toJson(Record params) {
        return GSON.toJson(Objects.requireNonNull(params, "job parameters must not be null"));
    }

    /**
     * Reads a parameter record; the record's compact constructor validates the values.
     *
     * @throws IllegalArgumentException naming the record type and what was wrong with the JSON
     */
    public static <T extends Record> T fromJson(String json, Class<T> type) {
        try {
            T value = GSON.fromJson(json, type);
            if (value == null) {
                throw new IllegalArgumentException("no " + type.getSimpleName() + " parameters in empty JSON");
            }
            return value;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + " parameters: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Gson wraps what the record's compact constructor threw; surface its validation message.
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    throw new IllegalArgumentException("invalid " + type.getSimpleName() + " parameters: "
                            + t.getMessage(), t);
                }
            }
            throw e;
        }
    }

    /** Top-level fields whose values differ between two parameter objects (missing counts as different). */
    public static List<String> changedFields(String storedJson, String requestedJson) {
        JsonObject a = object(storedJson);
        JsonObject b = object(requestedJson);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> changed = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                changed.add(k + " (" + a.get(k) + " -> " + b.get(k) + ")");
            }
        }
        return changed;
    }

    /** Throws when a resumed job would run with other parameters than the attempt it continues. */
    public static void requireUnchanged(String what, String storedJson, String requestedJson) {
        List<String> changed = changedFields(storedJson, requestedJson);
        if (!changed.isEmpty()) {
            throw new IllegalStateException("cannot resume " + what + ": parameters changed: "
                    + String.join(", ", changed));
        }
    }

    private static JsonObject object(String json) {
        try {
            JsonElement el = JsonParser.parseString(json == null ? "{}" : json);
            if (!el.isJsonObject()) {
                throw new IllegalArgumentException("job parameters must be a JSON object, got: " + json);
            }
            return el.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("job parameters are not valid JSON (" + e.getMessage() + "): " + json, e);
        }
    }
}
