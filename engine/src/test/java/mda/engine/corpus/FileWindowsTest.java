package mda.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded mapped windows and positional reads return exactly the file's bytes, across window boundaries too. */
class FileWindowsTest {
    private static byte[] content(int n) {
        byte[] b = new byte[n];
        SplitMix64 rng = new SplitMix64(7);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rng.nextBounded(256);
        }
        return b;
    }

    private static byte[] read(ByteSource s, long pos, int len) {
        ByteBuffer b = ByteBuffer.allocate(len + 3).position(3); // a non-zero position must be honoured
        s.read(pos, b);
        assertEquals(len + 3, b.position());
        return Arrays.copyOfRange(b.array(), 3, len + 3);
    }

    @Test
    void readsAcrossTinyWindowsEqualTheWholeFile(@TempDir Path dir) throws IOException {
        byte[] all = content(1003); // not a multiple of the 8-byte window: the last window is short
        Path f = dir.resolve("data.bin");
        Files.write(f, all);
        SplitMix64 rng = new SplitMix64(11);
        try (FileWindows w = new FileWindows(f, all.length, 3, 2); PositionalFile p = new PositionalFile(f, all.length)) {
            assertArrayEquals(all, read(w, 0, all.length));
            assertEquals((all.length + 7) / 8, w.mappings()); // one mapping per window in a sequential pass
            assertArrayEquals(all, read(p, 0, all.length));
            for (int i = 0; i < 500; i++) {
                int len = (int) rng.nextBounded(40);
                int pos = (int) rng.nextBounded(all.length - len + 1);
                byte[] expected = Arrays.copyOfRange(all, pos, pos + len);
                assertArrayEquals(expected, read(w, pos, len), "windows at " + pos + "+" + len);
                assertArrayEquals(expected, read(p, pos, len), "pread at " + pos + "+" + len);
            }
            assertArrayEquals(Arrays.copyOfRange(all, 1000, 1003), read(w, 1000, 3));
        }
    }

    @Test
    void onlyMaxWindowsStayMappedLeastRecentlyUsedFirst(@TempDir Path dir) throws IOException {
        byte[] all = content(64);
        Path f = dir.resolve("data.bin");
        Files.write(f, all);
        try (FileWindows w = new FileWindows(f, all.length, 3, 2)) {
            read(w, 0, 1);   // window 0
            read(w, 8, 1);   // window 1
            read(w, 1, 1);   // window 0 again: cached
            assertEquals(2, w.mappings());
            read(w, 16, 1);  // window 2 replaces window 1 (least recently used)
            read(w, 2, 1);   // window 0 still cached
            assertEquals(3, w.mappings());
            read(w, 9, 1);   // window 1 was released: mapped again
            assertEquals(4, w.mappings());
            w.release();
            assertArrayEquals(Arrays.copyOfRange(all, 5, 12), read(w, 5, 7));
            assertEquals(6, w.mappings());
        }
    }

    @Test
    void outOfRangeAndClosedReadsAreRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("data.bin");
        Files.write(f, content(20));
        FileWindows w = new FileWindows(f, 16, 3, 1); // the file may extend past the readable length
        PositionalFile p = new PositionalFile(f, 16);
        for (ByteSource s : new ByteSource[] {w, p}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> s.read(10, ByteBuffer.allocate(7)));
            assertTrue(e.getMessage().contains("data.bin") && e.getMessage().contains("[0, 16)"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> s.read(-1, ByteBuffer.allocate(1)));
            s.close();
            assertThrows(IllegalStateException.class, () -> s.read(0, ByteBuffer.allocate(1)));
        }
        assertThrows(IllegalArgumentException.class, () -> new FileWindows(f, 16, 2, 1));
        assertTrue(FileWindows.unmapsEagerly(), "jdk.unsupported's Unsafe.invokeCleaner should be reachable");
    }
}
