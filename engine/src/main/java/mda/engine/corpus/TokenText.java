package mda.engine.corpus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Printable labels for the bytes of one token. */
final class TokenText {
    private TokenText() {
    }

    /**
     * Decodes byte-level ids: id 0 becomes {@link Tokenizer#EOD_TEXT}, every other id contributes its bytes, and each
     * run between EODs is decoded as UTF-8 with replacement (a token may split a character).
     */
    static String decodeBytes(int[] ids, java.util.function.IntFunction<byte[]> bytesOf) {
        StringBuilder out = new StringBuilder();
        java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            if (id == 0) {
                out.append(run.toString(StandardCharsets.UTF_8)).append(Tokenizer.EOD_TEXT);
                run.reset();
            } else {
                run.writeBytes(bytesOf.apply(id));
            }
        }
        return out.append(run.toString(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The token's text when its bytes are valid UTF-8, with whitespace controls escaped ({@code \n}, {@code \t})
     * so a label stays on one line; otherwise each byte as {@code <0xAB>} (a token may hold part of a character).
     */
    static String display(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder hex = new StringBuilder();
            for (byte b : bytes) {
                hex.append(String.format("<0x%02X>", b & 0xFF));
            }
            return hex.toString();
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (Character.isISOControl(c)) {
                out.append(String.format("<0x%02X>", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
