package mda.app.cli;

import java.util.concurrent.Callable;
import mda.engine.measure.MeasureJob;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mda measure}: head metrics on stored checkpoints of a run (an imported one, or re-measuring a trained one). */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = "Measure every head metric on a run's stored checkpoints (e.g. an imported Pythia revision)."
                + " A run without a corpus gets repeated-random-token metrics only.")
final class MeasureCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--run", description = "run name (default: the project's latest run)")
    String runName;

    @Option(names = "--step", description = "checkpoint step (default: every checkpoint with stored weights)")
    Long step;

    @Override
    public Integer call() throws Exception {
        try (Project p = project.open()) {
            RunRecord run = HeadsCommand.findRun(p, runName);
            MeasureJob job = new MeasureJob(new MeasureJob.Params(run.id(), step));
            MeasureJob.Result r = Jobs.run(p, job, job.paramsJson());
            System.out.printf("measured run %s at %d checkpoint(s)%s; see 'mda heads --run %s'%n", run.name(),
                    r.steps().length, r.naturalText() ? "" : " (no corpus: no natural-text metrics)", run.name());
        }
        return 0;
    }
}
