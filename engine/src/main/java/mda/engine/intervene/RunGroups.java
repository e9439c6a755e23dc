package mda.engine.intervene;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;

/**
 * Names and finds the runs of an intervention study. For baseline {@code B}, seed index {@code i} (1-based) trains
 * with seed {@code B.seed + i − 1}; the baseline of seed index 1 is {@code B} itself, later ones are replicates
 * named {@code B:baseline:s<i>}; the plan's runs are {@code B:<plan label>:s<i>}, with {@code -a<attribution id>}
 * after the label when that name already holds the same plan made from another attribution of {@code B}. All are
 * children of {@code B}.
 */
public final class RunGroups {
    static final String BASELINE = "baseline";

    private RunGroups() {
    }

    /** Training seed of seed index {@code i} (1-based). */
    public static long seed(RunRecord base, int index) {
        if (index < 1) {
            throw new IllegalArgumentException("seed index must be ≥ 1, got " + index);
        }
        return base.seed() + index - 1;
    }

    public static String baselineName(RunRecord base, int index) {
        return index == 1 ? base.name() : base.name() + ":" + BASELINE + ":s" + index;
    }

    public static String runName(RunRecord base, InterventionPlan plan, int index) {
        return runName(base, plan.label(), index);
    }

    public static String runName(RunRecord base, String label, int index) {
        return base.name() + ":" + label + ":s" + index;
    }

    /**
     * The label of a plan's runs: {@link InterventionPlan#label()}, or that followed by {@code -a<attribution id>}
     * when the plain name's first run is already this baseline's run of the same plan from another attribution, so
     * that a second attribution of one run (another checkpoint, head or probe) gets runs of its own. The choice is the
     * same on every call, so a rerun finds the runs it made.
     */
    public static String label(Project project, RunRecord base, InterventionPlan plan) {
        String plain = plan.label();
        var first = project.runs().byName(runName(base, plain, 1));
        if (first.isPresent() && java.util.Objects.equals(first.get().parentRunId(), base.id())) {
            InterventionPlan other = plan(first.get());
            if (other != null && other.attributionId() != plan.attributionId()
                    && other.label().equals(plain)) {
                return plain + "-a" + plan.attributionId();
            }
        }
        return plain;
    }

    /** The plan JSON of a baseline replicate: not an intervention, only another seed on the same data order. */
    static String baselinePlanJson(RunRecord base, int index) {
        JsonObject o = new JsonObject();
        o.addProperty("baselineOf", base.id());
        o.addProperty("seedIndex", index);
        return o.toString();
    }

    /** Whether a child run is a baseline replicate (rather than an intervention). */
    public static boolean isBaselineReplicate(RunRecord run) {
        if (run.planJson() == null) {
            return false;
        }
        try {
            return JsonParser.parseString(run.planJson()).getAsJsonObject().has("baselineOf");
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    /** The intervention plan of a child run, or null for a baseline replicate or a run without a plan. */
    public static InterventionPlan plan(RunRecord run) {
        if (run.planJson() == null || isBaselineReplicate(run)) {
            return null;
        }
        return InterventionPlan.fromJson(run.planJson());
    }

    /** {@code base} followed by its baseline replicates, in seed-index order. */
    public static List<RunRecord> baselines(Project project, RunRecord base) {
        List<RunRecord> out = new ArrayList<>();
        out.add(base);
        for (RunRecord c : project.runs().children(base.id())) {
            if (isBaselineReplicate(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The group label of a run name: the name without its {@code :s<i>} suffix. */
    public static String groupOf(String runName) {
        return runName.replaceFirst(":s\\d+$", "");
    }

    /** The interventions of {@code base} grouped by plan label (children that are not baseline replicates). */
    public static Map<String, List<RunRecord>> interventions(Project project, RunRecord base) {
        Map<String, List<RunRecord>> out = new LinkedHashMap<>();
        for (RunRecord c : project.runs().children(base.id())) {
            if (!isBaselineReplicate(c)) {
                out.computeIfAbsent(groupOf(c.name()), k -> new ArrayList<>()).add(c);
            }
        }
        return out;
    }

    /**
     * The runs an argument names: the run of that exact name, or else every run named {@code <arg>:s<i>}.
     *
     * @throws IllegalArgumentException when neither exists
     */
    public static List<RunRecord> resolve(Project project, String arg) {
        var exact = project.runs().byName(arg);
        if (exact.isPresent()) {
            return List.of(exact.get());
        }
        List<RunRecord> out = new ArrayList<>();
        for (RunRecord r : project.runs().list()) {
            if (r.name().matches(java.util.regex.Pattern.quote(arg) + ":s\\d+")) {
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the project has no run or run group named '" + arg + "'");
        }
        return out;
    }
}
