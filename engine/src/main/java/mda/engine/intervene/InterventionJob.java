package mda.engine.intervene;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mda.engine.attribution.AttributionData;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobContext;
import mda.engine.store.AttributionRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.store.RunStatus;
import mda.engine.train.DataOrder;
import mda.engine.train.RunFiles;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;

/**
 * Retrains a baseline under one intervention plan for several seeds and compares each retrain with the baseline of
 * the same seed (spec §6.4). Every run is a row of its own (a child of the baseline), whose data order is written
 * before it trains: the plan's edit of the baseline's order for interventions, the baseline's order itself for the
 * baseline's seed replicates. Resumable: finished runs are kept, an interrupted one resumes through
 * {@link TrainJob}, and a run whose stored plan or order differs from the request is refused rather than mixed.
 */
public final class InterventionJob implements Job<InterventionJob.Result> {
    /**
     * @param baseRunId     the trained baseline
     * @param attributionId its attribution (scores rank the samples; its step bounds the candidate window)
     * @param plan          plan kind, e.g. {@code remove-top}
     * @param percent       k in percent
     * @param multiplicity  m for duplication
     * @param seeds         number of seeds (1 = the baseline's own seed only)
     * @param fill          auto, reserve, shrink or resample
     */
    public record Params(long baseRunId, long attributionId, String plan, double percent, int multiplicity,
                         int seeds, String fill) {
        public Params {
            if (seeds < 1 || seeds > 32) {
                throw new IllegalArgumentException("--seeds must be in [1, 32], got " + seeds);
            }
            if (fill == null) {
                fill = "auto";
            }
            // validates kind, k, m and fill now, before a job row is written
            new InterventionPlan(InterventionPlan.Kind.parse(plan), percent, multiplicity,
                    InterventionPlan.Fill.parse(fill), attributionId, 0);
        }
    }

    /**
     * @param edit      what the plan changed in the data order
     * @param baselines baseline runs by seed index
     * @param runs      intervention runs by seed index
     * @param trained   runs trained (or resumed) by this call; the others were already finished
     * @param report    the comparison of the plan's runs with their baselines
     */
    public record Result(PlanEditor.Edit edit, List<RunRecord> baselines, List<RunRecord> runs, List<String> trained,
                         ComparisonReport report) {
    }

    private final Params params;

    public InterventionJob(Params params) {
        this.params = params;
    }

    @Override
    public String kind() {
        return "intervene";
    }

    @Override
    public Result run(JobContext ctx) throws Exception {
        Project project = ctx.project().orElseThrow(() -> new IllegalStateException("interventions need a project"));
        RunRecord base = project.runs().get(params.baseRunId())
                .orElseThrow(() -> new IllegalArgumentException("no run with id " + params.baseRunId()));
        if (base.status() != RunStatus.DONE) {
            throw new IllegalArgumentException("run " + base.name() + " is " + base.status()
                    + "; finish training it before intervening on it");
        }
        AttributionData data = AttributionData.open(project, params.attributionId());
        AttributionRecord attr = data.record();
        if (attr.runId() != base.id()) {
            throw new IllegalArgumentException("attribution " + attr.id() + " belongs to run " + data.run().name()
                    + ", not to " + base.name());
        }
        DataOrder order = DataOrder.read(new RunFiles(project, base.id()).order());
        InterventionPlan requested = new InterventionPlan(InterventionPlan.Kind.parse(params.plan()),
                params.percent(), params.multiplicity(), InterventionPlan.Fill.parse(params.fill()), attr.id(),
                base.seed());
        Long corpusId = base.corpusId();
        PlanEditor.Edit edit;
        if (requested.kind().synthesizes()) {
            SynthesisSetup.Prepared syn = SynthesisSetup.prepare(project, base, requested, order, data.scores(),
                    (int) attr.step());
            edit = syn.synthesis().edit();
            corpusId = syn.corpusId();
            ctx.log(syn.summary());
        } else {
            edit = PlanEditor.apply(requested, order, data.scores(), (int) attr.step());
        }
        ctx.log(String.format(java.util.Locale.ROOT, "%s: %d of %d candidate samples, %d slots changed (fill %s)%s",
                edit.plan().label(), edit.samples().length, edit.windowSize(), edit.changedSlots(),
                edit.plan().fill().name().toLowerCase(java.util.Locale.ROOT),
                edit.skipped() > 0 ? ", " + edit.skipped() + " not duplicable (first seen in the window's last step)"
                        : ""));

        List<RunRecord> baselines = new ArrayList<>();
        List<RunRecord> runs = new ArrayList<>();
        String label = RunGroups.label(project, base, edit.plan());
        for (int i = 1; i <= params.seeds(); i++) {
            baselines.add(i == 1 ? base : ensureRun(project, base, base.corpusId(), RunGroups.baselineName(base, i),
                    RunGroups.baselinePlanJson(base, i), RunGroups.seed(base, i), order));
            runs.add(ensureRun(project, base, corpusId, RunGroups.runName(base, label, i),
                    edit.plan().toJson(), RunGroups.seed(base, i), edit.order()));
        }
        List<String> trained = new ArrayList<>();
        List<RunRecord> all = new ArrayList<>(baselines.subList(1, baselines.size()));
        all.addAll(runs);
        for (int k = 0; k < all.size(); k++) {
            RunRecord r = project.runs().get(all.get(k).id()).orElseThrow();
            if (r.status() == RunStatus.DONE) {
                ctx.log("run " + r.name() + " already trained; kept");
                continue;
            }
            ctx.checkCancelled();
            ctx.log("training " + r.name() + " (" + (k + 1) + " of " + all.size() + ")");
            new TrainJob(r.id()).run(ctx);
            trained.add(r.name());
        }
        List<RunRecord> doneBaselines = reload(project, baselines);
        List<RunRecord> doneRuns = reload(project, runs);
        // the group prefix also picks up runs of further seeds trained by an earlier call with more seeds
        ComparisonReport report = ComparisonReport.build(project, base,
                List.of(RunGroups.groupOf(doneRuns.get(0).name())), new int[] {attr.layer(), attr.head()});
        return new Result(edit, doneBaselines, doneRuns, trained, report);
    }

    /**
     * The child run of that name: created with the baseline's settings but {@code seed} and corpus
     * {@code corpusId} (a synthesis plan's derived corpus), with {@code order} written as its data order before any
     * training; or the existing one when its corpus, plan, seed and order agree.
     */
    static RunRecord ensureRun(Project project, RunRecord base, Long corpusId, String name, String planJson,
            long seed, DataOrder order) {
        TrainConfig btc = TrainConfig.fromJson(base.trainJson());
        TrainConfig tc = new TrainConfig(btc.preset(), btc.batchSize(), btc.steps(), btc.lrMax(), btc.warmupSteps(),
                btc.minLrRatio(), btc.beta1(), btc.beta2(), btc.eps(), btc.weightDecay(), btc.clipNorm(), seed,
                btc.threads(), btc.device(), btc.checkpoints());
        var existing = project.runs().byName(name);
        RunRecord run;
        if (existing.isPresent()) {
            run = existing.get();
            boolean samePlan = planJson.equals(run.planJson()) || (RunGroups.plan(run) != null
                    && !RunGroups.isBaselineReplicate(run)
                    && InterventionPlan.fromJson(planJson).equals(RunGroups.plan(run)));
            if (run.parentRunId() == null || run.parentRunId() != base.id() || !samePlan
                    || !java.util.Objects.equals(run.corpusId(), corpusId)
                    || !TrainConfig.fromJson(run.trainJson()).differences(tc).isEmpty()) {
                throw new IllegalArgumentException("run '" + name + "' exists with another parent, plan or training"
                        + " config; it cannot be reused for this intervention");
            }
        } else {
            run = project.runs().insert(RunRecord.draft(name, corpusId, base.configJson(), tc.toJson(), seed)
                    .withParent(base.id(), planJson));
        }
        Path file = new RunFiles(project, run.id()).order();
        if (Files.exists(file)) {
            if (!DataOrder.read(file).equals(order)) {
                throw new IllegalStateException("the data order of run '" + name + "' (" + file + ") differs from "
                        + "the plan's; delete that run or choose another plan");
            }
        } else if (project.metrics().latestStep(run.id()).isPresent()) {
            throw new IllegalStateException("run '" + name + "' has metrics but no data order file " + file);
        } else {
            order.write(file);
        }
        return run;
    }

    private static List<RunRecord> reload(Project project, List<RunRecord> runs) {
        List<RunRecord> out = new ArrayList<>();
        for (RunRecord r : runs) {
            out.add(project.runs().get(r.id()).orElseThrow());
        }
        return out;
    }
}
