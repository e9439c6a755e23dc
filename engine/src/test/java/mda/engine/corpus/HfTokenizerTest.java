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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HfTokenizer} on a hand-built byte-level BPE file: exact ids, lossless round trips, clear refusals. */
class HfTokenizerTest {
    @TempDir
    Path tmp;

    @Test
    void encodesWithTheMergesAndRoundTrips() throws IOException {
        HfTokenizer t = HfTokenizer.load(HfTokenizerJson.write(tmp.resolve("tokenizer.json")));
        assertEquals("hf", t.kind());
        assertEquals(HfTokenizerJson.VOCAB, t.vocabSize());
        assertEquals(0, t.eodId());
        // "the" → t + he (no Ġ), " the" → Ġthe, "!" → its byte id: the merges as the file states them.
        assertArrayEquals(new int[]{HfTokenizerJson.byteId('t'), HfTokenizerJson.ID_HE, HfTokenizerJson.ID_SPACE_THE,
                HfTokenizerJson.byteId('!')}, t.encode("the the!"));
        String text = "the naïve 日本 cat\n\tsat the end ";
        int[] ids = t.encode(text);
        assertEquals(text, t.decode(ids));
        // Every id but the merged ones is one UTF-8 byte: the length follows from the byte count and the merges.
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(bytes - 3 - 1, ids.length); // one " the" (4 bytes → 1 id) and one "the" (3 bytes → 2 ids)
        assertEquals(" the", t.tokenString(HfTokenizerJson.ID_SPACE_THE));
        assertEquals(Tokenizer.EOD_TEXT, t.tokenString(0));
        assertEquals("a" + Tokenizer.EOD_TEXT + " the", t.decode(new int[]{HfTokenizerJson.byteId('a'), 0,
                HfTokenizerJson.ID_SPACE_THE}));
        assertEquals(0, t.encode("").length);
    }

    @Test
    void longTextIsNotTruncated() throws IOException {
        HfTokenizer t = HfTokenizer.load(HfTokenizerJson.write(tmp.resolve("tokenizer.json")));
        String text = "x".repeat(3000);
        assertEquals(3000, t.encode(text).length);
    }

    @Test
    void loadsThroughTokenizerLoadAndSavesTheFileUnchanged() throws IOException {
        Path src = HfTokenizerJson.write(tmp.resolve("tokenizer.json"));
        Tokenizer t = Tokenizer.load(src);
        assertInstanceOf(HfTokenizer.class, t);
        Path copy = Files.createDirectories(tmp.resolve("c")).resolve("hf-tokenizer.json");
        t.save(copy);
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(copy));
        Tokenizer again = Tokenizer.load(copy);
        assertArrayEquals(t.encode("the theme"), again.encode("the theme"));
    }

    @Test
    void eodTextInADocumentIsRefused() throws IOException {
        HfTokenizer t = HfTokenizer.load(HfTokenizerJson.write(tmp.resolve("tokenizer.json")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.encode("a<|endoftext|>b"));
        assertTrue(e.getMessage().contains("end-of-document"), e.getMessage());
    }

    @Test
    void missingCorruptOrUnsuitableFilesAreNamed() throws IOException {
        Path missing = tmp.resolve("nope/tokenizer.json");
        IOException e1 = assertThrows(IOException.class, () -> HfTokenizer.load(missing));
        assertTrue(e1.getMessage().contains(missing.toString()) && e1.getMessage().contains("not found"),
                e1.getMessage());

        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"model\": {\"vocab\": ");
        IOException e2 = assertThrows(IOException.class, () -> Tokenizer.load(broken));
        assertTrue(e2.getMessage().contains(broken.toString()), e2.getMessage());

        // Valid JSON that the tokenizers library cannot build (an unknown model type).
        String good = Files.readString(HfTokenizerJson.write(tmp.resolve("t.json")));
        Path odd = Files.writeString(tmp.resolve("odd.json"), good.replace("\"BPE\"", "\"NoSuchModel\""));
        IOException e3 = assertThrows(IOException.class, () -> Tokenizer.load(odd));
        assertTrue(e3.getMessage().contains(odd.toString()) && e3.getMessage().contains("refused"),
                e3.getMessage());
        assertTrue(!e3.getMessage().contains("\n"), e3.getMessage());

        // Id 0 an ordinary token: ordinary text would produce separators.
        Path plain = Files.writeString(tmp.resolve("plain.json"), good.replace("\"special\":true",
                "\"special\":false"));
        IOException e4 = assertThrows(IOException.class, () -> HfTokenizer.load(plain));
        assertTrue(e4.getMessage().contains(plain.toString()) && e4.getMessage().contains("id 0"), e4.getMessage());
    }
}
