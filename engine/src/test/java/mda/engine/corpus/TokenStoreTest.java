package mda.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {
    /** Three documents: [5 6 7], [] (empty), [9 65000]; stream 5 6 7 0 0 9 65000. */
    static TokenStore writeSmall(Path dir, int vocab) throws IOException {
        try (TokenStoreWriter w = TokenStoreWriter.create(dir, vocab)) {
            w.addDocument(new Document("a", "src/a.txt", "prose", "..."), new int[] {5, 6, 7});
            w.addDocument(new Document("b", "src/b.txt", "other", ""), new int[0]);
            w.addDocument(new Document("c", "src/c.java", "code", "..."), new int[] {9, 65000});
            w.finish();
        }
        return TokenStore.open(dir);
    }

    @Test
    void reopenedStoreHasExactTokensOffsetsAndEodPlacement(@TempDir Path dir) throws IOException {
        TokenStore s = writeSmall(dir, 65535);
        assertEquals(7, s.tokenCount());
        assertEquals(3, s.documentCount());
        int[] all = new int[7];
        s.read(0, all, 7);
        assertArrayEquals(new int[] {5, 6, 7, 0, 0, 9, 65000}, all);
        assertEquals(new DocumentInfo("a", "src/a.txt", "prose", 0, 3), s.document(0));
        assertEquals(new DocumentInfo("b", "src/b.txt", "other", 4, 0), s.document(1));
        assertEquals(new DocumentInfo("c", "src/c.java", "code", 5, 2), s.document(2));
        assertEquals(65000, s.token(6));
        // Offsets point just after the preceding EOD; no trailing EOD after the last document.
        assertEquals(0, s.token(s.document(1).start() - 1));
        assertEquals(0, s.token(s.document(2).start() - 1));
    }

    @Test
    void dtypeIsU16UpTo65535AndI32Above(@TempDir Path dir) throws IOException {
        TokenStore small = writeSmall(dir.resolve("u16"), 65535);
        assertEquals(7 * 2, Files.size(dir.resolve("u16/tokens.bin")));
        assertTrue(Files.readString(dir.resolve("u16/store.json")).contains("\"dtype\":\"u16\""));
        try (TokenStoreWriter w = TokenStoreWriter.create(dir.resolve("i32"), 100_000)) {
            w.addDocument(new Document("x", "s", "other", ""), new int[] {99_999, 65_536, 1});
            w.addDocument(new Document("y", "s", "other", ""), new int[] {70_000});
            w.finish();
        }
        TokenStore big = TokenStore.open(dir.resolve("i32"));
        assertEquals(5 * 4, Files.size(dir.resolve("i32/tokens.bin")));
        int[] all = new int[5];
        big.read(0, all, 5);
        assertArrayEquals(new int[] {99_999, 65_536, 1, 0, 70_000}, all);
        assertEquals(65000, small.token(6));
        assertEquals(100_000, big.vocab());
    }

    @Test
    void tokensAcrossManySmallMappingWindowsReadBack(@TempDir Path dir) throws IOException {
        int[] doc = new int[1000];
        for (int i = 0; i < doc.length; i++) {
            doc[i] = 1 + (i * 7919) % 99_000;
        }
        for (int vocab : new int[] {65_535, 100_000}) {
            Path sub = dir.resolve("v" + vocab);
            int[] d = vocab > 65_535 ? doc : Arrays.stream(doc).map(t -> 1 + t % 65_000).toArray();
            try (TokenStoreWriter w = TokenStoreWriter.create(sub, vocab)) {
                w.addDocument(new Document("x", "s", "other", ""), d);
                w.addDocument(new Document("y", "s", "other", ""), d);
                w.finish();
            }
            TokenStore s = TokenStore.open(sub, 4); // 16-byte windows: 8 u16 or 4 i32 tokens each
            int[] got = new int[d.length];
            s.read(s.document(1).start(), got, got.length);
            assertArrayEquals(d, got);
            assertEquals(0, s.token(1000));
            assertEquals(d[999], s.token(999));
        }
    }

    @Test
    void sparseDocumentIndexAndEveryReaderAgreeOnManyDocuments(@TempDir Path dir) throws IOException {
        SplitMix64 rng = new SplitMix64(5);
        List<DocumentInfo> expected = new ArrayList<>();
        List<Integer> stream = new ArrayList<>();
        try (TokenStoreWriter w = TokenStoreWriter.create(dir, 100)) {
            for (int d = 0; d < 41; d++) {
                int[] doc = new int[(int) rng.nextBounded(10)]; // empty documents included
                if (d > 0) {
                    stream.add(0);
                }
                for (int k = 0; k < doc.length; k++) {
                    doc[k] = 1 + (int) rng.nextBounded(99);
                    stream.add(doc[k]);
                }
                String cat = d % 3 == 0 ? "code" : "prose";
                expected.add(new DocumentInfo("d" + d, "src/" + d + ".txt", cat, stream.size() - doc.length,
                        doc.length));
                w.addDocument(new Document("d" + d, "src/" + d + ".txt", cat, ""), doc);
            }
            w.finish();
        }
        // Blank lines and CRLF endings in the metadata are tolerated, as by a line reader.
        Path meta = dir.resolve("documents.jsonl");
        Files.writeString(meta, Files.readString(meta).replaceFirst("\n", "\n\n  \n").replace("}\n{\"id\":\"d7\"",
                "}\r\n{\"id\":\"d7\""));
        int[] all = stream.stream().mapToInt(Integer::intValue).toArray();
        TokenStore[] readers = {TokenStore.open(dir), TokenStore.open(dir, 3, 1), TokenStore.open(dir, 0, 3),
                TokenStore.open(dir, 4, 64)};
        for (TokenStore s : readers) {
            int[] got = new int[all.length];
            s.read(0, got, got.length);
            assertArrayEquals(all, got);
            for (int d = expected.size() - 1; d >= 0; d--) { // backwards: blocks leave and re-enter the cache
                assertEquals(expected.get(d), s.document(d));
            }
            for (long i = 0; i < all.length; i++) {
                int owner = s.documentAt(i);
                DocumentInfo doc = expected.get(owner);
                assertTrue(i >= doc.start() && i <= doc.start() + doc.length(), "offset " + i + " -> " + owner);
                assertTrue(owner == expected.size() - 1 || i < expected.get(owner + 1).start(), "offset " + i);
                assertEquals(all[(int) i], s.token(i));
            }
            s.close();
        }
    }

    @Test
    void documentAtFindsOwnerIncludingEodAndEmptyDocuments(@TempDir Path dir) throws IOException {
        TokenStore s = writeSmall(dir, 65535);
        int[] expected = {0, 0, 0, 0, 1, 2, 2}; // offset 3 is the EOD ending a; 4 is the EOD ending empty b
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], s.documentAt(i), "offset " + i);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> s.documentAt(7));
    }

    @Test
    void writerRejectsEodAndOutOfVocabTokens(@TempDir Path dir) throws IOException {
        try (TokenStoreWriter w = TokenStoreWriter.create(dir, 10)) {
            Document d = new Document("bad", "s", "other", "");
            IllegalArgumentException eod = assertThrows(IllegalArgumentException.class,
                    () -> w.addDocument(d, new int[] {3, 0}));
            assertTrue(eod.getMessage().contains("bad") && eod.getMessage().contains("EOD"));
            assertThrows(IllegalArgumentException.class, () -> w.addDocument(d, new int[] {10}));
        }
        assertThrows(IOException.class, () -> TokenStore.open(dir)); // never finished
    }

    @Test
    void missingStoreJsonMeansUnfinished(@TempDir Path dir) throws IOException {
        try (TokenStoreWriter w = TokenStoreWriter.create(dir, 50)) {
            w.addDocument(new Document("a", "s", "other", ""), new int[] {1, 2});
        } // closed without finish()
        IOException e = assertThrows(IOException.class, () -> TokenStore.open(dir));
        assertTrue(e.getMessage().contains("store.json") && e.getMessage().contains(dir.toString()), e.getMessage());
        IOException none = assertThrows(IOException.class, () -> TokenStore.open(dir.resolve("nowhere")));
        assertTrue(none.getMessage().contains("nowhere"));
    }

    @Test
    void truncatedTokensBinIsNamed(@TempDir Path dir) throws IOException {
        writeSmall(dir, 65535);
        Path tokens = dir.resolve("tokens.bin");
        try (FileChannel ch = FileChannel.open(tokens, StandardOpenOption.WRITE)) {
            ch.truncate(13);
        }
        IOException e = assertThrows(IOException.class, () -> TokenStore.open(dir));
        assertTrue(e.getMessage().contains("tokens.bin") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void inconsistentOffsetsAndMetadataAreNamed(@TempDir Path dir) throws IOException {
        writeSmall(dir, 65535);
        Path docs = dir.resolve("documents.bin");
        byte[] b = Files.readAllBytes(docs);
        b[12] = 3; // document 1 start 4 -> 3
        Files.write(docs, b);
        IOException e = assertThrows(IOException.class, () -> TokenStore.open(dir));
        assertTrue(e.getMessage().contains("documents.bin") && e.getMessage().contains("document 1"), e.getMessage());
        b[12] = 4;
        Files.write(docs, b);
        Path meta = dir.resolve("documents.jsonl");
        Files.writeString(meta, Files.readString(meta).replace("\"tokens\":2", "\"tokens\":3"));
        IOException m = assertThrows(IOException.class, () -> TokenStore.open(dir));
        assertTrue(m.getMessage().contains("documents.jsonl"), m.getMessage());
    }

    @Test
    void finishedStoreIsNotOverwrittenAndNoTempFileRemains(@TempDir Path dir) throws IOException {
        writeSmall(dir, 65535);
        assertFalse(Files.exists(dir.resolve("store.json.tmp")));
        IOException e = assertThrows(IOException.class, () -> TokenStoreWriter.create(dir, 65535));
        assertTrue(e.getMessage().contains("already exists"));
    }
}
