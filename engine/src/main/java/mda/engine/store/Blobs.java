package mda.engine.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Atomic writes of blob files and folders: the content is written to a temporary sibling, forced to disk,
 * then renamed over the target, so a crash or a failing writer never leaves a half-written blob and never
 * loses the one stored before.
 */
public final class Blobs {
    private static final AtomicLong COUNTER = new AtomicLong();

    private Blobs() {}

    /**
     * Writes {@code target} atomically: {@code writer} receives a temporary path in the same folder, which
     * is fsynced and renamed over the target only if the writer returns normally.
     *
     * @param target the final file; its parent folders are created
     * @param writer writes the complete content to the path it is given
     */
    public static void writeAtomic(Path target, IOConsumer<Path> writer) throws IOException {
        Path parent = parentOf(target);
        Files.createDirectories(parent);
        Path tmp = parent.resolve(tempName(target));
        try {
            writer.accept(tmp);
            if (!Files.isRegularFile(tmp)) {
                throw new IOException("blob writer for " + target + " did not create a file");
            }
            force(tmp);
            move(tmp, target);
            forceDirectory(parent);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes the folder {@code target} atomically: {@code writer} fills a fresh temporary folder which
     * replaces the target when the writer returns. An existing target is first renamed to
     * {@code .name.old} and removed after the swap; should the process die between the two renames,
     * the next call restores that backup before writing.
     */
    public static void writeDirectoryAtomic(Path target, IOConsumer<Path> writer) throws IOException {
        Path parent = parentOf(target);
        Files.createDirectories(parent);
        Path backup = parent.resolve("." + target.getFileName() + ".old");
        if (!Files.exists(target) && Files.isDirectory(backup)) {
            move(backup, target); // an earlier swap died half-way: the backup is the last good content
        }
        Path tmp = parent.resolve(tempName(target));
        Files.createDirectory(tmp);
        try {
            writer.accept(tmp);
            forceTree(tmp);
            if (Files.exists(target)) {
                deleteTree(backup);
                move(target, backup);
                move(tmp, target);
                deleteTree(backup);
            } else {
                move(tmp, target);
            }
            forceDirectory(parent);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Deletes a file or a folder with everything in it; a missing path is not an error. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Path parentOf(Path target) {
        Path abs = target.toAbsolutePath();
        if (abs.getParent() == null || abs.getFileName() == null) {
            throw new IllegalArgumentException("blob target " + target + " has no parent folder");
        }
        return abs.getParent();
    }

    private static String tempName(Path target) {
        return "." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically on this file system", e);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void forceTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    force(p);
                }
            }
        }
    }

    /** Makes a rename durable on POSIX; Windows cannot open folders as channels, and NTFS journals renames. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort by design: the rename itself is atomic; only its durability across power loss is at stake.
        }
    }
}
