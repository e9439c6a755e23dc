package mda.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import mda.app.charts.ComparisonFigures;
import mda.engine.intervene.ComparisonTable;
import mda.engine.intervene.InterventionJob;
import mda.engine.intervene.PlanEditor;
import mda.engine.jobs.JobParams;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.DataOrder;
import mda.engine.train.RunFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mda intervene}: retrains a run with the top, random or bottom k% of an attribution removed (or the top
 * k% duplicated, or synthetic mimics of it added), for several seeds, and compares each retrain with the baseline of its seed (spec §6).
 */
@Command(name = "intervene", description = "Retrain without (or with extra copies of) the top/random/bottom k%% "
        + "of an attribution and compare formation with the baseline (spec §6).")
final class InterveneCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Mixin
    EngineOptions engine;

    @Option(names = "--run", description = "baseline run name (default: the project's latest run)")
    String runName;

    @Option(names = "--attribution", required = true, description = "attribution id of that run (from 'mda attribute')")
    long attribution;

    @Option(names = "--plan", required = true,
            description = "remove-top, remove-random, remove-bottom, duplicate-top, duplicate-random, or syn-random, "
                    + "syn-copy (synthetic samples mimicking the top samples' repeats, saved in the project), "
                    + "syn-markup (XML/LaTeX grammar text in the corpus tokenizer) and syn-control (natural reserve "
                    + "samples in the same slots)")
    String plan;

    @Option(names = "--k", defaultValue = "10", description = "percent of the candidate window (default: ${DEFAULT-VALUE})")
    double k;

    @Option(names = "--m", defaultValue = "2",
            description = "occurrences after duplication, 2 = one extra copy (default: ${DEFAULT-VALUE})")
    int m;

    @Option(names = "--seeds", defaultValue = "1", description = "seeds per run (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--fill", defaultValue = "auto",
            description = "refill of removed slots: auto, reserve, shrink or resample (default: ${DEFAULT-VALUE})")
    String fill;

    @Option(names = "--out", description = "folder for the formation and ICL figures (PNG and SVG)")
    Path out;

    /**
     * One line on how often the window's samples occur, in the baseline and after the edit: a run that repeats its
     * data, refilled by resampling, repeats the rest more, and that alone can move formation (the remove-random control
     * shows how much).
     */
    static String repeats(Project p, RunRecord base, long step, InterventionJob.Result r) throws java.io.IOException {
        DataOrder order = DataOrder.read(new RunFiles(p, base.id()).order());
        int steps = (int) Math.min(Integer.MAX_VALUE, step);
        return String.format(Locale.ROOT, "each sample of the window (steps before %d) occurs %.2f times in the baseline, "
                + "%.2f after the edit", step, PlanEditor.meanOccurrences(order, steps),
                PlanEditor.meanOccurrences(r.edit().order(), steps));
    }

    @Override
    public Integer call() throws Exception {
        InterventionJob.Params params;
        try (Project p = project.open()) {
            RunRecord base = HeadsCommand.findRun(p, runName);
            params = new InterventionJob.Params(base.id(), attribution, plan, k, m, seeds, fill);
            engine.apply();
            InterventionJob.Result r = Jobs.run(p, new InterventionJob(params), JobParams.toJson(params));
            System.out.printf(Locale.ROOT, "%s: %d samples of %d candidates, %d slots changed, fill %s; trained %d "
                    + "run(s) now, %d kept from before%n", r.edit().plan().label(), r.edit().samples().length,
                    r.edit().windowSize(), r.edit().changedSlots(),
                    r.edit().plan().fill().name().toLowerCase(Locale.ROOT), r.trained().size(),
                    r.baselines().size() - 1 + r.runs().size() - r.trained().size());
            long step = p.attributions().get(attribution).map(a -> a.step()).orElse(0L);
            System.out.println(repeats(p, base, step, r));
            System.out.println();
            System.out.print(ComparisonTable.format(r.report()));
            if (out != null) {
                for (Path f : ComparisonFigures.write(r.report(), out)) {
                    System.out.println("wrote " + f);
                }
            }
        }
        return 0;
    }
}
