package mda.app.cli;

import java.nio.file.Path;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mda project new|info}. */
@Command(name = "project", description = "Create or describe a project folder.",
        subcommands = {ProjectCommand.New.class, ProjectCommand.Info.class})
final class ProjectCommand {

    @Command(name = "new", description = "Create an empty project folder.")
    static final class New implements Runnable {
        @Parameters(index = "0", description = "the project folder to create")
        Path dir;

        @Override
        public void run() {
            try (Project p = Project.create(dir)) {
                System.out.println("created project " + p.dir().toAbsolutePath());
            }
        }
    }

    @Command(name = "info", description = "List the corpora and runs of a project.")
    static final class Info implements Runnable {
        @Mixin
        ProjectOption project;

        @Override
        public void run() {
            try (Project p = project.open()) {
                System.out.println("project " + p.dir().toAbsolutePath() + " (schema " + p.schemaVersion() + ")");
                for (CorpusRecord c : p.corpora().list()) {
                    System.out.printf("corpus %-16s %-10s %,d tokens in %,d documents, vocabulary %d%n",
                            c.name(), c.kind(), c.tokens(), c.documents(), c.vocab());
                }
                for (RunRecord r : p.runs().list()) {
                    System.out.printf("run    %-16s %-10s %s%n", r.name(), r.status(),
                            r.error() == null ? "" : r.error());
                }
            }
        }
    }
}
