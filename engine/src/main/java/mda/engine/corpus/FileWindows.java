package mda.engine.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only file memory-mapped through at most {@code maxWindows} windows of {@code 2^windowShift} bytes, least
 * recently used replaced first. A replaced window is unmapped at once ({@code Unsafe.invokeCleaner} from
 * jdk.unsupported), so the pages it touched leave this process's resident set: file-backed RSS stays below
 * {@code maxWindows × 2^windowShift} however large the file and however much of it is read. Mapped buffers never
 * leave this class and every access holds its lock, so unmapping cannot race a reader. No file handle is kept
 * between mappings (the channel is opened per mapping; a mapping outlives its channel).
 */
public final class FileWindows implements ByteSource {
    /**
     * 8 MiB windows: two of them cap the file-backed RSS at 16 MiB. A sequential pass remaps every 8 MiB (a few
     * microseconds each); larger windows only raise the cap (with 2 × 64 MiB the bench measured 152 MiB file-backed RSS
     * at 100 M tokens against 43 MiB at 10 M; with 2 × 8 MiB, 39 MiB at both).
     */
    public static final int DEFAULT_SHIFT = 23;
    /** Two windows: a sequential pass needs one; random reads of a small file keep both. */
    public static final int DEFAULT_MAX_WINDOWS = 2;
    private static final MethodHandle INVOKE_CLEANER = findCleaner();

    private final Path file;
    private final long length;
    private final int shift;
    private final long[] slotWindow;
    private final long[] slotUse;
    private final MappedByteBuffer[] slotBuffer;
    private long clock;
    private long mappings;
    private boolean closed;

    /** Windows over {@code [0, length)} of {@code file}, which must be at least that long. */
    public FileWindows(Path file, long length, int windowShift, int maxWindows) {
        if (windowShift < 3 || windowShift > 30) {
            throw new IllegalArgumentException("window shift must be in [3, 30], got " + windowShift);
        }
        if (maxWindows < 1 || length < 0) {
            throw new IllegalArgumentException("need at least one window and a length >= 0, got " + maxWindows
                    + " windows and length " + length + " for " + file);
        }
        this.file = file;
        this.length = length;
        this.shift = windowShift;
        this.slotWindow = new long[maxWindows];
        this.slotUse = new long[maxWindows];
        this.slotBuffer = new MappedByteBuffer[maxWindows];
        java.util.Arrays.fill(slotWindow, -1);
    }

    /** Default windows (2 × 8 MiB) over {@code [0, length)}. */
    public FileWindows(Path file, long length) {
        this(file, length, DEFAULT_SHIFT, DEFAULT_MAX_WINDOWS);
    }

    /** Whether replaced windows are unmapped at once (else the garbage collector unmaps them later). */
    public static boolean unmapsEagerly() {
        return INVOKE_CLEANER != null;
    }

    @Override
    public long length() {
        return length;
    }

    /** Windows mapped so far (for benches: how often reads moved to a new window). */
    public synchronized long mappings() {
        return mappings;
    }

    @Override
    public synchronized void read(long pos, ByteBuffer dst) {
        if (closed) {
            throw new IllegalStateException("mapping of " + file + " is closed");
        }
        ByteSource.checkRange(file, pos, dst.remaining(), length);
        long p = pos;
        while (dst.hasRemaining()) {
            long w = p >>> shift;
            MappedByteBuffer b = window(w);
            int off = (int) (p - (w << shift));
            int n = Math.min(dst.remaining(), b.capacity() - off);
            dst.put(dst.position(), b, off, n);
            dst.position(dst.position() + n);
            p += n;
        }
    }

    private MappedByteBuffer window(long w) {
        int victim = 0;
        for (int s = 0; s < slotWindow.length; s++) {
            if (slotWindow[s] == w) {
                slotUse[s] = ++clock;
                return slotBuffer[s];
            }
            if (slotUse[s] < slotUse[victim]) {
                victim = s;
            }
        }
        unmap(victim);
        long start = w << shift;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            slotBuffer[victim] = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(1L << shift, length - start));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot map bytes from " + start + ": " + e.getMessage(), e);
        }
        slotWindow[victim] = w;
        slotUse[victim] = ++clock;
        mappings++;
        return slotBuffer[victim];
    }

    private void unmap(int s) {
        MappedByteBuffer b = slotBuffer[s];
        slotBuffer[s] = null;
        slotWindow[s] = -1;
        slotUse[s] = 0;
        if (b != null && INVOKE_CLEANER != null) {
            try {
                INVOKE_CLEANER.invokeExact((ByteBuffer) b);
            } catch (Throwable e) {
                // Not unmapped now: the garbage collector unmaps it once unreachable.
            }
        }
    }

    /** Unmaps every window; a later read maps again. */
    public synchronized void release() {
        for (int s = 0; s < slotBuffer.length; s++) {
            unmap(s);
        }
    }

    @Override
    public synchronized void close() {
        release();
        closed = true;
    }

    private static MethodHandle findCleaner() {
        try {
            Class<?> unsafe = Class.forName("sun.misc.Unsafe");
            Field f = unsafe.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafe, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(f.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
