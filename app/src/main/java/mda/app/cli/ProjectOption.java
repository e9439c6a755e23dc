package mda.app.cli;

import java.nio.file.Path;
import mda.engine.store.Project;
import picocli.CommandLine.Option;

/** The {@code --project} option every command shares. */
final class ProjectOption {
    @Option(names = {"-p", "--project"}, description = "project folder (default: ${DEFAULT-VALUE})",
            defaultValue = "mda-project")
    Path dir;

    Project open() {
        return Project.open(dir);
    }
}
