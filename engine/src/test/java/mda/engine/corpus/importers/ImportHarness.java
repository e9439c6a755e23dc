package mda.engine.corpus.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobCancelledException;
import mda.engine.jobs.JobContext;
import mda.engine.store.JobRecord;
import mda.engine.store.Project;

/** Runs import jobs against a real project and checks that refused imports leave it exactly as it was. */
public final class ImportHarness {
    private ImportHarness() {
    }

    /** A job context over a project that records progress and can be cancelled. */
    public static final class Ctx implements JobContext {
        private final Project project;
        public final List<String> phases = new ArrayList<>();
        public volatile boolean cancel;

        public Ctx(Project project) {
            this.project = project;
        }

        @Override
        public void progress(String phase, long done, long total, String message) {
            if (done < 0 || (total > 0 && done > total)) {
                throw new AssertionError("bad progress " + done + "/" + total + " in " + phase);
            }
            if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
                phases.add(phase);
            }
        }

        @Override
        public void checkCancelled() {
            if (cancel) {
                throw new JobCancelledException("cancelled");
            }
        }

        @Override
        public boolean cancelled() {
            return cancel;
        }

        @Override
        public void log(String line) {
        }

        @Override
        public long jobId() {
            return 0;
        }

        @Override
        public Optional<Project> project() {
            return Optional.of(project);
        }

        @Override
        public Optional<JobRecord> resumes() {
            return Optional.empty();
        }
    }

    /** Every row of every table, and every path under blobs/, as text. */
    public static String snapshot(Project p) throws SQLException, IOException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + p.dbFile());
             Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                sb.append("table ").append(t).append('\n');
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + t + "\"")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            sb.append(rs.getString(i)).append('|');
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        try (Stream<Path> s = Files.walk(p.blobDir())) {
            s.filter(Files::isRegularFile).sorted().forEach(f -> sb.append("blob ").append(f).append('\n'));
        }
        return sb.toString();
    }

    /**
     * Runs {@code job}, expects it to fail with a message containing every fragment, and asserts that the database
     * rows and the blob files are unchanged and no corpus or run folder was left behind. Returns the message.
     */
    public static String assertRefused(Project p, Job<?> job, String... fragments) throws Exception {
        String before = snapshot(p);
        long corpora = p.corpora().list().size();
        long runs = p.runs().list().size();
        Exception e = assertThrows(Exception.class, () -> job.run(new Ctx(p)));
        String msg = e.getMessage();
        for (String f : fragments) {
            assertTrue(msg != null && msg.contains(f), "message should contain '" + f + "': " + msg);
        }
        assertTrue(msg.indexOf('\n') < 0, "one-line message: " + msg);
        assertEquals(corpora, p.corpora().list().size());
        assertEquals(runs, p.runs().list().size());
        assertEquals(before, snapshot(p), "project changed by a refused import");
        for (String dir : new String[] {"corpora", "runs"}) {
            Path d = p.blobDir().resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    List<Path> left = s.filter(x -> !before.contains(x.toString())).toList();
                    assertTrue(left.isEmpty(), "left behind: " + left);
                }
            }
        }
        return msg;
    }
}
