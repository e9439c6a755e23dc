package mda.engine.jobs;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Locale;
import mda.engine.store.JobState;

/**
 * One progress report of a job. {@code total ≤ 0} means unknown; rate (units/s) and ETA (s) are NaN while
 * unknown. As JSON it is one line, {@code {"type":"progress",...}}, which the GUI worker prints on stdout;
 * unknown numbers are written as null.
 */
public record ProgressEvent(long jobId, String phase, long done, long total, double ratePerSec, double etaSeconds,
                            String message, long timeMillis, JobState state) {
    public static final String TYPE = "progress";

    public ProgressEvent {
        if (phase == null) {
            phase = "";
        }
        if (state == null) {
            throw new IllegalArgumentException("progress event of job " + jobId + " needs a state");
        }
    }

    /** Fraction done in [0, 1], or NaN when the total is unknown. */
    public double fraction() {
        return total > 0 ? Math.min(1.0, Math.max(0.0, (double) done / total)) : Double.NaN;
    }

    /** The same event in another state, e.g. the final DONE event that repeats the last progress. */
    public ProgressEvent withState(JobState newState, String newMessage, long newTime) {
        return new ProgressEvent(jobId, phase, done, total, ratePerSec, etaSeconds, newMessage, newTime, newState);
    }

    /** One JSON line without a trailing newline. */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", TYPE);
        o.addProperty("jobId", jobId);
        o.addProperty("phase", phase);
        o.addProperty("done", done);
        o.addProperty("total", total);
        addFinite(o, "rate", ratePerSec);
        addFinite(o, "eta", etaSeconds);
        if (message != null) {
            o.addProperty("message", message);
        }
        o.addProperty("time", timeMillis);
        o.addProperty("state", state.name().toLowerCase(Locale.ROOT));
        return o.toString(); // Gson escapes newlines inside strings, so the result is always one line
    }

    /** Parses a line written by {@link #toJson()}; a line that is not a progress event is an error naming it. */
    public static ProgressEvent fromJson(String line) {
        try {
            JsonElement el = JsonParser.parseString(line);
            if (!el.isJsonObject()) {
                throw new IllegalArgumentException("not a progress event (not a JSON object): " + abbreviate(line));
            }
            JsonObject o = el.getAsJsonObject();
            if (!o.has("type") || !TYPE.equals(o.get("type").getAsString())) {
                throw new IllegalArgumentException("not a progress event (type is not \"progress\"): " + abbreviate(line));
            }
            return new ProgressEvent(o.get("jobId").getAsLong(), o.get("phase").getAsString(),
                    o.get("done").getAsLong(), o.get("total").getAsLong(), number(o, "rate"), number(o, "eta"),
                    o.has("message") && !o.get("message").isJsonNull() ? o.get("message").getAsString() : null,
                    o.get("time").getAsLong(), JobState.valueOf(o.get("state").getAsString().toUpperCase(Locale.ROOT)));
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                 | NumberFormatException e) {
            throw new IllegalArgumentException("malformed progress event (" + e.getMessage() + "): " + abbreviate(line), e);
        }
    }

    private static void addFinite(JsonObject o, String key, double v) {
        if (Double.isFinite(v)) {
            o.addProperty(key, v);
        } else {
            o.add(key, com.google.gson.JsonNull.INSTANCE);
        }
    }

    private static double number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static String abbreviate(String line) {
        return line == null ? "null" : line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
