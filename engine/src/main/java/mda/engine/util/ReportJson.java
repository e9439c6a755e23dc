package mda.engine.util;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** JSON for the reports researchers keep (analyses, diagnostics): indented, NaN and ±∞ written as such. */
public final class ReportJson {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private ReportJson() {
    }

    public static String of(Object value) {
        return GSON.toJson(value);
    }
}
