package mda.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobsTest {
    @TempDir
    Path tmp;

    @Test
    void writeAtomicCreatesParentsAndReplacesContent() throws IOException {
        Path target = tmp.resolve("a/b/scores.f32");
        Blobs.writeAtomic(target, p -> Files.writeString(p, "first"));
        Blobs.writeAtomic(target, p -> Files.writeString(p, "second"));
        assertEquals("second", Files.readString(target));
        assertEquals(List.of(target), listing(target.getParent()), "no temporary files may remain");
    }

    @Test
    void failingWriterLeavesThePreviousBlobIntact() throws IOException {
        Path target = tmp.resolve("ckpt.bin");
        Blobs.writeAtomic(target, p -> Files.writeString(p, "good weights"));
        IOException e = assertThrows(IOException.class, () -> Blobs.writeAtomic(target, p -> {
            Files.writeString(p, "half-writ");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("good weights", Files.readString(target));
        assertEquals(List.of(target), listing(tmp));
    }

    @Test
    void writerThatCreatesNothingIsAnError() {
        Path target = tmp.resolve("x.bin");
        IOException e = assertThrows(IOException.class, () -> Blobs.writeAtomic(target, p -> { }));
        assertTrue(e.getMessage().contains("did not create a file"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void directoryWriteReplacesTheWholeFolder() throws IOException {
        Path target = tmp.resolve("factors");
        Blobs.writeDirectoryAtomic(target, d -> {
            Files.writeString(d.resolve("a.bin"), "A1");
            Files.writeString(d.resolve("old-only.bin"), "X");
        });
        Blobs.writeDirectoryAtomic(target, d -> Files.writeString(d.resolve("a.bin"), "A2"));
        assertEquals(List.of(target.resolve("a.bin")), listing(target));
        assertEquals("A2", Files.readString(target.resolve("a.bin")));
        assertEquals(List.of(target), listing(tmp));
    }

    @Test
    void failingDirectoryWriterLeavesThePreviousFolder() throws IOException {
        Path target = tmp.resolve("factors");
        Blobs.writeDirectoryAtomic(target, d -> Files.writeString(d.resolve("a.bin"), "A1"));
        assertThrows(IOException.class, () -> Blobs.writeDirectoryAtomic(target, d -> {
            Files.writeString(d.resolve("a.bin"), "partial");
            throw new IOException("killed");
        }));
        assertEquals("A1", Files.readString(target.resolve("a.bin")));
        assertEquals(List.of(target), listing(tmp));
    }

    @Test
    void directoryWriteRestoresABackupLeftByACrashBetweenRenames() throws IOException {
        Path target = tmp.resolve("factors");
        Path backup = Files.createDirectories(tmp.resolve(".factors.old"));
        Files.writeString(backup.resolve("a.bin"), "previous");
        // A writer that fails sees the restored folder survive; the crash left no target behind.
        assertThrows(IOException.class, () -> Blobs.writeDirectoryAtomic(target, d -> {
            throw new IOException("again");
        }));
        assertEquals("previous", Files.readString(target.resolve("a.bin")));
        assertFalse(Files.exists(backup));
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
