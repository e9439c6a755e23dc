package mda.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import mda.engine.model.hf.HfCheckpointImporter;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mda checkpoint import}: bring an HF GPT-NeoX checkpoint (e.g. a Pythia revision) in as a finished run. */
@Command(name = "checkpoint", description = "Import model checkpoints.", subcommands = CheckpointCommand.Import.class)
final class CheckpointCommand {

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Import an HF GPT-NeoX checkpoint folder (config.json + safetensors)"
            + " as a finished run with one checkpoint.")
    static final class Import implements Callable<Integer> {
        @Mixin
        ProjectOption project;

        @Parameters(index = "0", paramLabel = "DIR", description = "the checkpoint folder")
        Path dir;

        @Option(names = "--name", required = true, paramLabel = "RUN", description = "the new run's name")
        String name;

        @Option(names = "--step", required = true, paramLabel = "S",
                description = "the training step of these weights (Pythia's final revision: 143000)")
        long step;

        @Option(names = "--tokens-seen", defaultValue = "0", paramLabel = "N",
                description = "tokens trained on at that step (default: unknown, 0)")
        long tokensSeen;

        @Option(names = "--corpus", paramLabel = "NAME", description = "link the run to this project corpus (its"
                + " vocabulary must fit the model's) with Pythia's sequential data order, so 'mda measure' and"
                + " 'mda attribute' work on it")
        String corpus;

        @Option(names = "--order-batch", defaultValue = "" + HfCheckpointImporter.PYTHIA_BATCH, paramLabel = "B",
                description = "windows per step of the sequential order (default: Pythia's ${DEFAULT-VALUE})")
        int orderBatch;

        @Option(names = "--order-steps", defaultValue = "0", paramLabel = "N",
                description = "steps the order covers, at least --step (default: exactly --step)")
        int orderSteps;

        @Override
        public Integer call() throws Exception {
            HfCheckpointImporter.CorpusLink link = corpus == null ? null
                    : new HfCheckpointImporter.CorpusLink(corpus, orderBatch, orderSteps);
            HfCheckpointImporter job = new HfCheckpointImporter(dir, name, step, tokensSeen, link);
            try (Project pr = project.open()) {
                RunRecord run = Jobs.run(pr, job, job.paramsJson());
                System.out.printf("imported run %s (id %d) with its checkpoint at step %,d%n", run.name(), run.id(),
                        step);
            }
            if (link == null) {
                System.out.println("no --corpus: 'mda measure' gives RRT metrics only and 'mda attribute' needs one");
            }
            return 0;
        }
    }
}
