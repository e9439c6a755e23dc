package mda.app.ui;

import com.google.gson.Gson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mda.engine.intervene.InterventionPlan;
import mda.engine.probe.MetricKind;
import mda.engine.store.MetricValue;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.RunFiles;

/**
 * A project of stored formation curves (no training): baseline {@code base} with a seed-2 replicate, a remove-top
 * group that forms late (seed 1 never reaches τ = 0.75 by the last step: censored) and a remove-random group that
 * forms with the baseline. Curves are logistic in log-step with per-sequence files, so onsets get bootstrap CIs.
 */
final class StoredInterventions {
    static final String BASE = "base";
    static final String TOP = "base:remove-top-k10";
    static final String RANDOM = "base:remove-random-k10";

    private StoredInterventions() {
    }

    static void create(Path dir) throws Exception {
        try (Project p = Project.create(dir)) {
            RunRecord base = store(p, RunRecord.draft(BASE, null, "{\"layers\":2}", "{}", 1), 300);
            store(p, RunRecord.draft(BASE + ":baseline:s2", null, "{\"layers\":2}", "{}", 2)
                    .withParent(base.id(), "{\"baselineOf\":" + base.id() + ",\"seedIndex\":2}"), 320);
            String top = new InterventionPlan(InterventionPlan.Kind.REMOVE_TOP, 10, 2, InterventionPlan.Fill.RESERVE,
                    99, 1).toJson();
            String rand = new InterventionPlan(InterventionPlan.Kind.REMOVE_RANDOM, 10, 2,
                    InterventionPlan.Fill.RESERVE, 99, 1).toJson();
            store(p, RunRecord.draft(TOP + ":s1", null, "{\"layers\":2}", "{}", 1).withParent(base.id(), top), 4000);
            store(p, RunRecord.draft(TOP + ":s2", null, "{\"layers\":2}", "{}", 2).withParent(base.id(), top), 2500);
            store(p, RunRecord.draft(RANDOM + ":s1", null, "{\"layers\":2}", "{}", 1).withParent(base.id(), rand), 330);
            store(p, RunRecord.draft(RANDOM + ":s2", null, "{\"layers\":2}", "{}", 2).withParent(base.id(), rand),
                    310);
        }
    }

    /** Checkpoints at 0 and round(2^(k/2)) up to 4096. */
    static long[] grid() {
        List<Long> s = new ArrayList<>();
        s.add(0L);
        for (int k = 0; k <= 24; k++) {
            long v = Math.round(Math.pow(2, k / 2.0));
            if (v > s.get(s.size() - 1)) {
                s.add(v);
            }
        }
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    private static RunRecord store(Project p, RunRecord draft, double c) throws Exception {
        RunRecord run = p.runs().insert(draft);
        for (long s : grid()) {
            double x = Math.log(s == 0 ? 0.5 : s);
            double v = 0.05 + 0.6 / (1 + Math.exp(-(x - Math.log(c)) / 0.25));
            double icl = 0.1 + 1.2 / (1 + Math.exp(-(x - Math.log(c)) / 0.25));
            p.metrics().record(run.id(), s, List.of(MetricValue.head(1, 0, MetricKind.INDUCTION, v),
                    MetricValue.head(1, 1, MetricKind.INDUCTION, 0.01),
                    MetricValue.head(0, 0, MetricKind.INDUCTION, 0.02),
                    MetricValue.head(0, 1, MetricKind.INDUCTION, 0.02),
                    MetricValue.runLevel(MetricKind.ICL_GAIN, icl)));
            double[] seq = new double[8];
            double[] iclSeq = new double[8];
            double[] flat = new double[8];
            for (int i = 0; i < 8; i++) {
                seq[i] = v + 0.02 * (i - 3.5) / 3.5;
                iclSeq[i] = icl + 0.04 * (3.5 - i) / 3.5;
                flat[i] = 0.01;
            }
            Path f = new RunFiles(p, run.id()).perSequence(s);
            Files.createDirectories(f.getParent());
            Files.writeString(f, new Gson().toJson(Map.of("perSeq", Map.of(MetricKind.INDUCTION,
                    new double[][][] {{flat, flat}, {seq, flat}}), "iclGain", iclSeq)), StandardCharsets.UTF_8);
        }
        return run;
    }
}
