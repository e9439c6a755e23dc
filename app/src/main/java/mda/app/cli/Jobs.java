package mda.app.cli;

import mda.engine.jobs.CancellationToken;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobRunner;
import mda.engine.store.Project;

/** Runs an engine job in this process with a progress bar on stderr; Ctrl-C cancels it gracefully. */
final class Jobs {
    private Jobs() {
    }

    static <R> R run(Project project, Job<R> job, String paramsJson) throws Exception {
        CancellationToken token = new CancellationToken();
        Thread hook = new Thread(() -> token.cancel("interrupted"));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return JobRunner.runInProcess(project, job, paramsJson, ProgressPrinter.forConsole(System.err), token);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook has done its work
            }
        }
    }
}
