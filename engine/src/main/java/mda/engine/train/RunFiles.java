package mda.engine.train;

import java.nio.file.Path;
import mda.engine.store.Project;

/** Where a run keeps its blobs: the data order, weight checkpoints, the resume state and per-sequence metrics. */
public final class RunFiles {
    private final Project project;
    private final long runId;

    public RunFiles(Project project, long runId) {
        this.project = project;
        this.runId = runId;
    }

    public String root() {
        return "runs/" + runId;
    }

    public Path order() {
        return project.blob(root() + "/order.bin");
    }

    public String checkpointRel(long step) {
        return root() + "/checkpoints/step-" + step;
    }

    public Path checkpoint(long step) {
        return project.blob(checkpointRel(step));
    }

    /** Model, optimizer state and step of the last resumable point, replaced atomically as a whole. */
    public Path resume() {
        return project.blob(root() + "/resume");
    }

    /** Per-sequence metric values of one checkpoint (for bootstrap confidence intervals of the onset). */
    public Path perSequence(long step) {
        return project.blob(root() + "/per-sequence/step-" + step + ".json");
    }
}
