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

        @Override
        public Integer call() throws Exception {
            HfCheckpointImporter job = new HfCheckpointImporter(dir, name, step, tokensSeen);
            try (Project pr = project.open()) {
                RunRecord run = Jobs.run(pr, job, job.paramsJson());
                System.out.printf("imported run %s (id %d) with its checkpoint at step %,d%n", run.name(), run.id(),
                        step);
            }
            return 0;
        }
    }
}
