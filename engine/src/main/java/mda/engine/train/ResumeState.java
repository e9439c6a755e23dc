package mda.engine.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The step a run's resume folder holds (its model and optimizer files sit beside this one). */
record ResumeState(int step) {
    static final String FILE = "resume.txt";
    static final String OPTIMIZER = "optimizer.bin";

    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), "step=" + step + "\n", StandardCharsets.UTF_8);
    }

    static ResumeState read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        try {
            String s = Files.readString(f, StandardCharsets.UTF_8).trim();
            if (!s.startsWith("step=")) {
                throw new IOException(f + ": not a resume state (expected 'step=N')");
            }
            return new ResumeState(Integer.parseInt(s.substring(5)));
        } catch (NoSuchFileException e) {
            throw new IOException(f + ": resume state missing", e);
        } catch (NumberFormatException e) {
            throw new IOException(f + ": corrupt resume state", e);
        }
    }
}
