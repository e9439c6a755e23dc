package mda.app.ui.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import mda.engine.corpus.TokenStore;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;

/**
 * The project open in the workbench. The UI only reads through it (plus creating run rows for "New run");
 * jobs that write run in worker processes.
 */
public final class ProjectSession implements AutoCloseable {
    private final Project project;
    private final java.util.Map<Long, TokenStore> stores = new java.util.HashMap<>();

    private ProjectSession(Project project) {
        this.project = project;
    }

    /** Opens the project in {@code dir}; a folder that is not a project is an error naming it. */
    public static ProjectSession open(Path dir) {
        if (!java.nio.file.Files.isRegularFile(dir.resolve(Project.DB_FILE))) {
            throw new IllegalArgumentException("not an MDA project: " + dir.toAbsolutePath() + " has no "
                    + Project.DB_FILE);
        }
        return new ProjectSession(Project.open(dir));
    }

    public Project project() {
        return project;
    }

    public Path dir() {
        return project.dir();
    }

    /** Runs, newest first. */
    public List<RunRecord> runs() {
        List<RunRecord> r = new java.util.ArrayList<>(project.runs().list());
        r.sort((a, b) -> Long.compare(b.id(), a.id()));
        return r;
    }

    public Optional<RunRecord> run(long id) {
        return project.runs().get(id);
    }

    /**
     * The token store of {@code corpus}, opened once per session: opening validates every document, which takes
     * a noticeable time on a big corpus. Reads of an open store are thread-safe.
     */
    public synchronized TokenStore tokenStore(CorpusRecord corpus) throws IOException {
        TokenStore s = stores.get(corpus.id());
        if (s == null) {
            s = TokenStore.open(project.blob(corpus.storePath()));
            stores.put(corpus.id(), s);
        }
        return s;
    }

    @Override
    public void close() {
        synchronized (this) {
            stores.values().forEach(TokenStore::close);
            stores.clear();
        }
        project.close();
    }
}
