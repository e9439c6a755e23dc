package mda.engine.jobs;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Locale;
import java.util.Optional;
import mda.engine.store.JobState;

/**
 * The JSON lines between {@link WorkerProcess} and {@link WorkerMain}, one object per line with a {@code type}.
 * Worker to launcher: {@code started} (jobId, pid), {@code progress} ({@link ProgressEvent}), {@code log}
 * (jobId, line) and a final {@code result} (state, jobId, error). Launcher to worker: {@code cancel} (reason).
 */
final class WorkerProtocol {
    static final String STARTED = "started";
    static final String LOG = "log";
    static final String RESULT = "result";
    static final String CANCEL = "cancel";

    private WorkerProtocol() {}

    static String started(long jobId, long pid) {
        JsonObject o = typed(STARTED);
        o.addProperty("jobId", jobId);
        o.addProperty("pid", pid);
        return o.toString();
    }

    static String log(long jobId, String line) {
        JsonObject o = typed(LOG);
        o.addProperty("jobId", jobId);
        o.addProperty("line", line);
        return o.toString();
    }

    static String result(JobState state, long jobId, String error) {
        JsonObject o = typed(RESULT);
        o.addProperty("state", state.name());
        o.addProperty("jobId", jobId);
        o.addProperty("error", error); // null is written as JSON null
        return o.toString();
    }

    static String cancel(String reason) {
        JsonObject o = typed(CANCEL);
        o.addProperty("reason", reason);
        return o.toString();
    }

    /** The object of a protocol line, or empty when it is not a JSON object with a string {@code type}. */
    static Optional<JsonObject> parse(String line) {
        try {
            JsonElement el = JsonParser.parseString(line);
            if (el.isJsonObject() && el.getAsJsonObject().has("type")
                    && el.getAsJsonObject().get("type").isJsonPrimitive()) {
                return Optional.of(el.getAsJsonObject());
            }
        } catch (JsonParseException e) {
            // not JSON: the caller treats it as a plain log line
        }
        return Optional.empty();
    }

    static String type(JsonObject o) {
        return o.get("type").getAsString();
    }

    static long longOr(JsonObject o, String key, long fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsLong();
    }

    static String stringOr(JsonObject o, String key, String fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    static JobState state(JsonObject o) {
        return JobState.valueOf(o.get("state").getAsString().toUpperCase(Locale.ROOT));
    }

    private static JsonObject typed(String type) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        return o;
    }
}
