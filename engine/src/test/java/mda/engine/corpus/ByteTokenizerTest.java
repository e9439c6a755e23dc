package mda.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteTokenizerTest {
    private final ByteTokenizer tok = new ByteTokenizer();

    @Test
    void asciiMapsEachByteToByteplusOne() {
        assertArrayEquals(new int[] {'H' + 1, 'i' + 1, '\n' + 1}, tok.encode("Hi\n"));
        assertEquals(257, tok.vocabSize());
        assertEquals(0, tok.eodId());
    }

    @Test
    void multiByteUtf8RoundTrips() {
        String text = "naïve café — 数据 🚀 ok";
        int[] ids = tok.encode(text);
        // é is C3 A9; the rocket is 4 bytes F0 9F 9A 80.
        assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, ids.length);
        assertEquals(text, tok.decode(ids));
        int[] rocket = tok.encode("🚀");
        assertArrayEquals(new int[] {0xF0 + 1, 0x9F + 1, 0x9A + 1, 0x80 + 1}, rocket);
    }

    @Test
    void invalidBytesDecodeWithReplacementCharacter() {
        // A lone continuation byte, then a truncated 3-byte sequence, each between ASCII letters.
        int[] ids = {'a' + 1, 0x80 + 1, 'b' + 1, 0xE2 + 1, 0x82 + 1};
        assertEquals("a\uFFFDb\uFFFD", tok.decode(ids));
        assertEquals("<0x80>", tok.tokenString(0x80 + 1));
    }

    @Test
    void eodDecodesAsMarkerAndIsNeverEncoded() {
        assertEquals("ab" + Tokenizer.EOD_TEXT + "c", tok.decode(new int[] {'a' + 1, 'b' + 1, 0, 'c' + 1}));
        for (int id : tok.encode("\u0000x")) {
            assertTrue(id > 0);
        }
        assertEquals("\\n", tok.tokenString('\n' + 1));
    }

    @Test
    void outOfRangeIdIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {257}));
        assertTrue(e.getMessage().contains("257"));
    }

    @Test
    void saveAndLoadDispatchOnKind(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("tok.json");
        tok.save(f);
        Tokenizer loaded = Tokenizer.load(f);
        assertInstanceOf(ByteTokenizer.class, loaded);
        assertArrayEquals(tok.encode("x y"), loaded.encode("x y"));
        Files.writeString(f, "{\"kind\":\"wordpiece\"}");
        IOException e = assertThrows(IOException.class, () -> Tokenizer.load(f));
        assertTrue(e.getMessage().contains("wordpiece") && e.getMessage().contains(f.toString()));
        IOException missing = assertThrows(IOException.class, () -> Tokenizer.load(dir.resolve("nope.json")));
        assertTrue(missing.getMessage().contains("nope.json"));
    }
}
