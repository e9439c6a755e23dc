package mda.app.ui.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The recently opened project folders, newest first, kept in a small text file (one path a line). */
public final class RecentProjects {
    static final int MAX = 10;
    private final Path file;

    public RecentProjects(Path file) {
        this.file = file;
    }

    /** The default list in the user's home folder. */
    public static RecentProjects standard() {
        return new RecentProjects(Path.of(System.getProperty("user.home"), ".mda-workbench", "recent-projects.txt"));
    }

    /** The list; missing file = empty. */
    public List<String> list() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!l.isBlank() && !out.contains(l.strip())) {
                    out.add(l.strip());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recent projects list " + file + ": " + e.getMessage(), e);
        }
    }

    /** Moves {@code dir} to the top of the list. */
    public List<String> add(Path dir) {
        String p = dir.toAbsolutePath().normalize().toString();
        List<String> out = new ArrayList<>(list());
        out.remove(p);
        out.add(0, p);
        while (out.size() > MAX) {
            out.remove(out.size() - 1);
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recent projects list " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
