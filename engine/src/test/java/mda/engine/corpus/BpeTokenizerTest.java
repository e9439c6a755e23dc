package mda.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTokenizerTest {
    private static final List<String> TRAIN = EnglishText.documents(300, 1);
    private static final String UNSEEN = "The workshop owner waited for the late ferry, then wrote a letter about "
            + "the orchard and the river. Prices: 12 apples for 3.50 — naïve jam 🍏!";

    @Test
    void incrementalTrainingMatchesFullRecountOracle() {
        BpeTokenizer tok = BpeTokenizer.train(TRAIN, 257 + 150, 7);
        int[][] expected = naiveMerges(TRAIN, 150, 7);
        assertEquals(expected.length, tok.mergeCount());
        for (int r = 0; r < expected.length; r++) {
            assertArrayEquals(expected[r], tok.merge(r), "merge rank " + r);
        }
    }

    @Test
    void mergesReduceTokensPerByteOnEnglish() {
        BpeTokenizer tok = BpeTokenizer.train(TRAIN, 512, 3);
        int bytes = UNSEEN.getBytes(StandardCharsets.UTF_8).length;
        double perByte = (double) tok.encode(UNSEEN).length / bytes;
        String seen = TRAIN.get(0);
        double seenPerByte = (double) tok.encode(seen).length / seen.getBytes(StandardCharsets.UTF_8).length;
        double fewerMerges = (double) BpeTokenizer.train(TRAIN, 300, 3).encode(UNSEEN).length / bytes;
        assertTrue(perByte < 0.6, "unseen tokens/byte " + perByte);
        assertTrue(perByte < fewerMerges, "512-vocab " + perByte + " vs 300-vocab " + fewerMerges);
        assertTrue(seenPerByte < 0.4, "training tokens/byte " + seenPerByte);
    }

    @Test
    void unseenTextRoundTripsIncludingBytesNeverSeen() {
        BpeTokenizer tok = BpeTokenizer.train(TRAIN, 400, 3);
        assertEquals(UNSEEN, tok.decode(tok.encode(UNSEEN)));
        String odd = "\t\t x\u0000y\r\n  \n数据 ''s 's 1234567 ???";
        assertEquals(odd, tok.decode(tok.encode(odd)));
        assertEquals("", tok.decode(tok.encode("")));
    }

    @Test
    void sameSeedAndInputGiveSameTokenizer() {
        BpeTokenizer a = BpeTokenizer.train(TRAIN, 450, 11);
        BpeTokenizer b = BpeTokenizer.train(new ArrayList<>(TRAIN), 450, 11);
        assertEquals(a.mergeCount(), b.mergeCount());
        for (int r = 0; r < a.mergeCount(); r++) {
            assertArrayEquals(a.merge(r), b.merge(r));
        }
        assertArrayEquals(a.encode(UNSEEN), b.encode(UNSEEN));
    }

    @Test
    void vocabSizeIsRespected() {
        BpeTokenizer tok = BpeTokenizer.train(TRAIN, 300, 1);
        assertEquals(300, tok.vocabSize());
        for (int id : tok.encode(String.join("\n", TRAIN))) {
            assertTrue(id >= 1 && id < 300, "id " + id);
        }
        // Little data: training stops once no pair occurs twice, below the requested size.
        BpeTokenizer small = BpeTokenizer.train(List.of("abab cdcd"), 5000, 1);
        assertTrue(small.vocabSize() < 5000 && small.vocabSize() > 257, "vocab " + small.vocabSize());
        assertThrows(IllegalArgumentException.class, () -> BpeTokenizer.train(TRAIN, 256, 1));
    }

    @Test
    void tokenStringsShowMergedText() {
        BpeTokenizer tok = BpeTokenizer.train(TRAIN, 400, 1);
        int[] ids = tok.encode(" the");
        assertEquals(1, ids.length, "' the' should be one token after training on English");
        assertEquals(" the", tok.tokenString(ids[0]));
        assertEquals(Tokenizer.EOD_TEXT, tok.tokenString(0));
    }

    @Test
    void saveLoadGivesIdenticalEncodings(@TempDir Path dir) throws IOException {
        BpeTokenizer tok = BpeTokenizer.train(TRAIN, 420, 5);
        Path f = dir.resolve("bpe.json");
        tok.save(f);
        Tokenizer loaded = Tokenizer.load(f);
        assertInstanceOf(BpeTokenizer.class, loaded);
        assertEquals(tok.vocabSize(), loaded.vocabSize());
        assertArrayEquals(tok.encode(UNSEEN), loaded.encode(UNSEEN));
        for (String doc : TRAIN.subList(0, 20)) {
            assertArrayEquals(tok.encode(doc), loaded.encode(doc));
        }
        // A vocab entry that disagrees with the merges is caught and named.
        String json = Files.readString(f);
        Files.writeString(f, json.replace("\"vocab\":[\"\",\"00\"", "\"vocab\":[\"\",\"01\""));
        IOException e = assertThrows(IOException.class, () -> Tokenizer.load(f));
        assertTrue(e.getMessage().contains("vocab entry 1") && e.getMessage().contains(f.toString()), e.getMessage());
    }

    /** Oracle: recount every pair over all pieces before each merge. */
    private static int[][] naiveMerges(List<String> docs, int maxMerges, long seed) {
        Map<String, Long> counts = new HashMap<>();
        for (String d : docs) {
            for (String p : BpePieces.split(d)) {
                counts.merge(p, 1L, Long::sum);
            }
        }
        List<int[]> words = new ArrayList<>();
        List<Long> freqs = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            byte[] b = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] s = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                s[i] = (b[i] & 0xFF) + 1;
            }
            words.add(s);
            freqs.add(e.getValue());
        }
        List<int[]> merges = new ArrayList<>();
        while (merges.size() < maxMerges) {
            Map<Long, Long> pairCounts = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] s = words.get(w);
                for (int i = 0; i + 1 < s.length; i++) {
                    pairCounts.merge(BpeTrainer.key(s[i], s[i + 1]), freqs.get(w), Long::sum);
                }
            }
            long bestKey = -1;
            long bestCount = 0;
            for (Map.Entry<Long, Long> e : pairCounts.entrySet()) {
                long c = e.getValue();
                long k = e.getKey();
                if (c > bestCount || (c == bestCount && better(seed, k, bestKey))) {
                    bestCount = c;
                    bestKey = k;
                }
            }
            if (bestCount < 2) {
                break;
            }
            int left = (int) (bestKey >>> 32);
            int right = (int) bestKey;
            int newId = 257 + merges.size();
            merges.add(new int[] {left, right});
            for (int w = 0; w < words.size(); w++) {
                words.set(w, BpeTrainer.mergeInto(words.get(w), left, right, newId));
            }
        }
        return merges.toArray(new int[0][]);
    }

    private static boolean better(long seed, long key, long incumbent) {
        long t = BpeTrainer.tieKey(seed, key);
        long u = BpeTrainer.tieKey(seed, incumbent);
        return t != u ? t < u : key < incumbent;
    }
}
