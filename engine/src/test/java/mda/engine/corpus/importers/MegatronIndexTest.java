package mda.engine.corpus.importers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** O10 and the other index validations of §1.6, plus windowed reads of the .bin. */
class MegatronIndexTest {
    /** The 82-byte file of §7 O10, as printed there. */
    static final String O10_HEX = "4d4d494449445800000100000000000000080200000000000000030000000000000003000000020000"
            + "00000000000000000006000000000000000000000000000000010000000000000002000000000000 00".replace(" ", "");

    @TempDir
    Path tmp;

    static byte[] o10() {
        return HexFormat.of().parseHex(O10_HEX);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void o10ParsesExactly() throws IOException {
        byte[] bytes = o10();
        assertEquals(82, bytes.length);
        MegatronIndex idx = MegatronIndex.read(write("o10.idx", bytes));
        assertEquals(34, MegatronIndex.HEADER_BYTES);
        assertEquals(MegatronDtype.U16, idx.dtype());
        assertEquals(2, idx.sequenceCount());
        assertEquals(3, idx.size(0));
        assertEquals(2, idx.size(1));
        assertEquals(0, idx.pointer(0));
        assertEquals(6, idx.pointer(1));
        assertArrayEquals(new long[] {0, 1, 2}, idx.docIdx());
        assertEquals(5, idx.tokenCount());
        assertEquals(10, idx.endByte());
        // The writer produces the same bytes.
        assertArrayEquals(bytes, MegatronWriter.indexBytes(8, new int[] {3, 2}, new long[] {0, 1, 2}, 2));
    }

    @Test
    void o10CorruptionsRaiseFourDistinctErrors() throws IOException {
        byte[] magic = o10();
        magic[3] = 'X';
        byte[] version = o10();
        version[9] = 2;
        byte[] dtype = o10();
        dtype[17] = 9;
        byte[] longer = Arrays.copyOf(o10(), 83);
        byte[] shorter = Arrays.copyOf(o10(), 81);
        String[] expected = {"wrong magic", "unsupported Megatron index version 2", "unknown dtype code 9",
            "file length 83 bytes does not match", "file length 81 bytes does not match"};
        byte[][] cases = {magic, version, dtype, longer, shorter};
        Set<String> kinds = new LinkedHashSet<>();
        for (int i = 0; i < cases.length; i++) {
            Path f = write("bad" + i + ".idx", cases[i]);
            IOException e = assertThrows(IOException.class, () -> MegatronIndex.read(f));
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
            assertTrue(e.getMessage().contains(expected[i]), e.getMessage());
            kinds.add(e.getMessage().substring(f.toString().length()).replaceAll("\\d+", "#").substring(0, 20));
        }
        assertEquals(4, kinds.size(), "magic, version, dtype and length errors are distinct: " + kinds);
    }

    private static byte[] withLong(byte[] b, int off, long v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(off, v);
        return b;
    }

    @Test
    void pointerAndSizeProblemsAreNamed() throws IOException {
        // pointer[1] = 4 instead of 6: consistent order but wrong offset.
        Path wrong = write("wrong.idx", withLong(o10(), 34 + 8 + 8, 4));
        assertTrue(assertThrows(IOException.class, () -> MegatronIndex.read(wrong)).getMessage()
                .contains("pointer[1] = 4 is inconsistent with the sizes"));
        // pointers [0, -2]: not monotone.
        Path down = write("down.idx", withLong(o10(), 34 + 16, -2));
        assertTrue(assertThrows(IOException.class, () -> MegatronIndex.read(down)).getMessage()
                .contains("pointers are not monotone"));
        byte[] neg = o10();
        ByteBuffer.wrap(neg).order(ByteOrder.LITTLE_ENDIAN).putInt(34, -3);
        Path negative = write("neg.idx", neg);
        assertTrue(assertThrows(IOException.class, () -> MegatronIndex.read(negative)).getMessage()
                .contains("sequence 0 has a negative size -3"));
        Path doc = write("doc.idx", withLong(o10(), 34 + 24 + 16, 7));
        assertTrue(assertThrows(IOException.class, () -> MegatronIndex.read(doc)).getMessage()
                .contains("doc_idx[2] = 7"));
        Path huge = write("huge.idx", withLong(o10(), 18, Long.MAX_VALUE));
        assertTrue(assertThrows(IOException.class, () -> MegatronIndex.read(huge)).getMessage()
                .contains("(overflow)"));
        Path tiny = write("tiny.idx", Arrays.copyOf(o10(), 20));
        assertTrue(assertThrows(IOException.class, () -> MegatronIndex.read(tiny)).getMessage()
                .contains("too short"));
    }

    @Test
    void binMustCoverTheLastSequence() throws IOException {
        Path idx = write("d.idx", o10());
        Path bin = write("d.bin", new byte[9]);
        IOException e = assertThrows(IOException.class, () -> MegatronDataset.open(idx, bin));
        assertTrue(e.getMessage().contains(bin + ": the last sequence ends at byte 10"), e.getMessage());
        assertTrue(e.getMessage().contains("only 9 bytes"), e.getMessage());
        Files.write(bin, new byte[] {1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 99, 99}); // longer than needed is fine
        MegatronDataset d = MegatronDataset.open(idx, bin);
        assertArrayEquals(new int[] {1, 2, 3}, d.sequence(0));
        assertArrayEquals(new int[] {4, 5}, d.sequence(1));
        assertEquals(5, d.tokenCount());
    }

    @Test
    void floatDtypeIsRefusedForTokens() throws IOException {
        byte[] b = o10();
        b[17] = 6;
        Path idx = write("f.idx", MegatronWriter.indexBytes(6, new int[] {3, 2}, new long[] {0, 1, 2}, 4));
        Path bin = write("f.bin", new byte[20]);
        IOException e = assertThrows(IOException.class, () -> MegatronDataset.open(idx, bin));
        assertTrue(e.getMessage().contains("cannot hold token ids"), e.getMessage());
    }

    @Test
    void windowedReadsMatchTheWrittenStreamForU16AndI32() throws IOException {
        for (MegatronDtype dt : new MegatronDtype[] {MegatronDtype.U16, MegatronDtype.I32, MegatronDtype.U8,
            MegatronDtype.I64}) {
            Path prefix = tmp.resolve("w-" + dt);
            int[] all = new int[1000];
            try (MegatronWriter w = MegatronWriter.create(prefix, dt)) {
                int pos = 0;
                for (int k = 0; pos < all.length; k++) {
                    int len = Math.min(1 + (k * 37) % 61, all.length - pos);
                    int[] seq = new int[len];
                    for (int i = 0; i < len; i++) {
                        seq[i] = all[pos + i] = dt == MegatronDtype.U8 ? (pos + i) % 256 : (pos + i) * 61 % 65536;
                    }
                    w.addDocument(seq);
                    pos += len;
                }
            }
            // 8-byte windows: many sequences and reads straddle window boundaries.
            MegatronDataset d = MegatronDataset.open(Path.of(prefix + ".idx"), Path.of(prefix + ".bin"), 3);
            assertEquals(all.length, d.tokenCount());
            int[] dst = new int[333];
            d.read(555, dst);
            assertArrayEquals(Arrays.copyOfRange(all, 555, 888), dst);
            int k = d.sequenceCount() - 1;
            long off = d.index().tokenOffset(k);
            assertArrayEquals(Arrays.copyOfRange(all, (int) off, all.length), d.sequence(k));
            assertThrows(IndexOutOfBoundsException.class, () -> d.read(900, dst));
        }
    }
}
