package mda.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import mda.app.GuiLauncher;
import mda.engine.store.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mda gui [--project DIR]}: opens the desktop workbench (on ./demo-project when there is one). */
@Command(name = "gui", mixinStandardHelpOptions = true, description = "Open the desktop workbench.")
final class GuiCommand implements Callable<Integer> {
    @Option(names = {"-p", "--project"}, description = "project folder (default: ./demo-project when present)")
    Path project;

    @Override
    public Integer call() {
        if (project != null && !Files.isRegularFile(project.resolve(Project.DB_FILE))) {
            throw new IllegalArgumentException("--project " + project + ": not an MDA project (no "
                    + Project.DB_FILE + ")");
        }
        GuiLauncher.main(project == null ? new String[0] : new String[] {project.toString()});
        return 0;
    }
}
