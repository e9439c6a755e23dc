package mda.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import mda.engine.train.TrainFileException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building, reading and writing the recorded data order (spec §1.6, O18). */
class DataOrderTest {
    @TempDir
    Path dir;

    private static long[] flat(DataOrder o) {
        long[] out = new long[(int) o.slotCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = o.sampleAt(i);
        }
        return out;
    }

    /** Expected values from an independent Python SplitMix64 + Fisher–Yates (same stream derivation). */
    @Test
    void orderMatchesIndependentPythonReference() {
        assertArrayEquals(new long[] {4, 1, 2, 0, 7, 6, 8, 3, 5, 9, 1, 6, 0, 5, 3, 9, 7, 8, 4, 2, 9, 4, 8, 7, 2, 0, 6, 5},
                flat(DataOrder.build(10, 4, 7, 42)));
        assertArrayEquals(new long[] {8, 1, 2, 3, 5, 7}, flat(DataOrder.build(12, 3, 2, -7)));
    }

    @Test
    void everyFullEpochIsAPermutationAndTheLastHasNoRepeats() {
        DataOrder o = DataOrder.build(10, 4, 7, 42);
        assertEquals(3, o.epochs());
        assertEquals(10, o.epochStart(1));
        assertEquals(20, o.epochStart(2));
        assertEquals(2, o.epochOf(5, 0));
        assertEquals(1, o.epochOf(4, 3));
        long[] f = flat(o);
        for (int e = 0; e < 2; e++) {
            long[] epoch = Arrays.copyOfRange(f, e * 10, e * 10 + 10);
            Arrays.sort(epoch);
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, epoch);
        }
        assertEquals(8, Arrays.stream(f, 20, 28).distinct().count());
        assertArrayEquals(new long[] {7, 6, 8, 3}, o.batch(1));
        assertEquals(3, o.sample(1, 3));
    }

    @Test
    void sameSeedSameOrderOtherSeedOtherOrder() {
        DataOrder a = DataOrder.build(1000, 8, 50, 7);
        assertEquals(a, DataOrder.build(1000, 8, 50, 7));
        assertEquals(-1, a.firstDifferingStep(DataOrder.build(1000, 8, 50, 7)));
        DataOrder b = DataOrder.build(1000, 8, 50, 8);
        assertNotEquals(a, b);
        assertEquals(0, a.firstDifferingStep(b));
    }

    @Test
    void shorterHorizonIsAPrefixOfTheLongerOne() {
        DataOrder longer = DataOrder.build(1000, 8, 50, 3);
        DataOrder shorter = DataOrder.build(1000, 8, 20, 3);
        assertEquals(20, longer.firstDifferingStep(shorter));
        assertThrows(IllegalArgumentException.class, () -> longer.firstDifferingStep(DataOrder.build(1000, 4, 50, 3)));
    }

    @Test
    void buildRejectsBadArgumentsNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataOrder.build(10, 0, 5, 1)).getMessage()
                .contains("batchSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataOrder.build(0, 4, 5, 1)).getMessage()
                .contains("sampleCount"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataOrder.build(10, 4, -1, 1)).getMessage()
                .contains("steps"));
    }

    @Test
    void sequentialOrderIsPythiaLayoutAndStoresIdsCompactly() {
        DataOrder p = DataOrder.sequential(100, 4, 3);
        assertArrayEquals(new long[] {8, 9, 10, 11}, p.batch(2));
        assertEquals(4, p.ids().bytesPerSlot());
        assertEquals(4, DataOrder.build(1000, 8, 50, 7).ids().bytesPerSlot());
    }

    /** A million-step order is one int per slot; 40 epochs, each a permutation of the 100k ids. */
    @Test
    void millionStepOrderIsCompactAndEveryEpochIsAPermutation() {
        DataOrder o = DataOrder.build(100_000, 4, 1_000_000, 3);
        assertEquals(4, o.ids().bytesPerSlot());
        assertEquals(40, o.epochs());
        java.util.BitSet seen = new java.util.BitSet(100_000);
        for (long i = 0; i < o.slotCount(); i++) {
            if (i % 100_000 == 0) {
                assertEquals(i == 0 ? 0 : 100_000, seen.cardinality(), "epoch ending before slot " + i);
                seen.clear();
            }
            seen.set((int) o.sampleAt(i));
        }
        assertEquals(100_000, seen.cardinality());
    }

    @Test
    void writeThenReadGivesTheIdenticalOrderInTheDocumentedLayout() throws IOException {
        DataOrder o = DataOrder.build(50, 4, 30, 11);
        Path f = dir.resolve("order.bin");
        o.write(f);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(48 + 8 * 120, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("MDAORDER", new String(bytes, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, b.getInt(8));
        assertEquals(30, b.getInt(16));
        assertEquals(4, b.getInt(20));
        assertEquals(50, b.getLong(24));
        assertEquals(11, b.getLong(32));
        assertEquals(o.sample(0, 0), b.getLong(48));
        assertEquals(o.sample(29, 3), b.getLong(48 + 8 * 119));
        DataOrder back = DataOrder.read(f);
        assertEquals(o, back);
        assertEquals(-1, o.firstDifferingStep(back));
        assertEquals(DataOrder.Kind.SHUFFLED, back.kind());
        assertTrue(Files.list(dir).allMatch(p -> p.equals(f)), "no temp file left behind");
    }

    @Test
    void idsBeyondIntRangeAreReadIntoLongStorage() throws IOException {
        long big = 5_000_000_000L;
        long[] ids = {big - 1, 3, 4_000_000_000L, DataOrder.EMPTY};
        Path f = dir.resolve("big.bin");
        Files.write(f, file(1, 2, 2, big, ids));
        DataOrder o = DataOrder.read(f);
        assertEquals(8, o.ids().bytesPerSlot());
        assertEquals(big - 1, o.sample(0, 0));
        assertEquals(4_000_000_000L, o.sample(1, 0));
        assertArrayEquals(new long[] {4_000_000_000L}, o.batch(1));
    }

    @Test
    void corruptFilesFailWithDistinctReasonsNamingTheFile() throws IOException {
        DataOrder o = DataOrder.build(20, 2, 5, 1);
        Path good = dir.resolve("good.bin");
        o.write(good);
        byte[] bytes = Files.readAllBytes(good);

        byte[] magic = bytes.clone();
        magic[0] = 'X';
        assertReason(Reason.WRONG_MAGIC, "not a data-order file", magic);
        assertReason(Reason.TRUNCATED, "truncated", Arrays.copyOf(bytes, bytes.length - 3));
        assertReason(Reason.TRUNCATED, "header", Arrays.copyOf(bytes, 20));
        assertReason(Reason.TRUNCATED, "magic", Arrays.copyOf(bytes, 5));
        byte[] version = bytes.clone();
        version[8] = 2;
        assertReason(Reason.UNSUPPORTED_VERSION, "version 2", version);
        assertReason(Reason.TRAILING_BYTES, "after the last sample id", Arrays.copyOf(bytes, bytes.length + 1));
        byte[] header = bytes.clone();
        header[20] = 0;
        header[21] = 0;
        assertReason(Reason.BAD_HEADER, "batch 0", header);
        // swapping two ids keeps every id valid; only the checksum can notice
        byte[] swapped = bytes.clone();
        System.arraycopy(bytes, 48, swapped, 56, 8);
        System.arraycopy(bytes, 56, swapped, 48, 8);
        assertReason(Reason.CHECKSUM, "checksum", swapped);
        byte[] range = bytes.clone();
        ByteBuffer.wrap(range).order(ByteOrder.LITTLE_ENDIAN).putLong(48 + 8 * 3, 20);
        assertReason(Reason.BAD_VALUE, "step 1 slot 1 holds sample id 20", range);

        Path missing = dir.resolve("missing.bin");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> DataOrder.read(missing));
        assertTrue(e.getMessage().contains("missing.bin"), e.getMessage());
    }

    private void assertReason(Reason reason, String fragment, byte[] content) throws IOException {
        Path f = dir.resolve("bad-" + reason + ".bin");
        Files.write(f, content);
        TrainFileException e = assertThrows(TrainFileException.class, () -> DataOrder.read(f));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    /** A manifest file built by hand from the documented layout. */
    private static byte[] file(int version, int steps, int batch, long sampleCount, long[] ids) {
        ByteBuffer body = ByteBuffer.allocate(8 * ids.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long id : ids) {
            body.putLong(id);
        }
        CRC32 crc = new CRC32();
        crc.update(body.array());
        ByteBuffer b = ByteBuffer.allocate(48 + body.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        b.put("MDAORDER".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(version).putInt(0).putInt(steps)
                .putInt(batch).putLong(sampleCount).putLong(0).putInt((int) crc.getValue()).putInt(0)
                .put(body.array());
        return b.array();
    }

    @Test
    void reserveIsTheShuffleTailPastTheHorizon() {
        DataOrder o = DataOrder.build(100, 4, 10, 5);
        long[] all = o.reserve(60, Set.of());
        Set<Long> seen = new HashSet<>();
        for (long id : flat(o)) {
            seen.add(id);
        }
        for (long id : all) {
            assertTrue(seen.add(id), "reserve id " + id + " repeats or is already used");
        }
        assertEquals(100, seen.size());
        assertArrayEquals(Arrays.copyOf(all, 5), o.reserve(5, Set.of()));
        assertArrayEquals(Arrays.copyOfRange(all, 1, 6), o.reserve(5, Set.of(all[0])));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> o.reserve(61, Set.of()));
        assertTrue(e.getMessage().contains("only 60 unused"), e.getMessage());
    }
}
