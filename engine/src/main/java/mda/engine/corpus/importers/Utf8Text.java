package mda.engine.corpus.importers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Strict, bounded UTF-8 reading for importers: malformed bytes are reported (never replaced) with their byte
 * offset, and a line longer than the limit is refused while streaming, before its bytes are all in memory
 * (so a 100 MB line costs at most the limit plus one buffer).
 */
final class Utf8Text {
    private Utf8Text() {
    }

    /** Thrown for bytes that are not UTF-8; importers may skip the file instead of failing. */
    static final class NotUtf8Exception extends IOException {
        NotUtf8Exception(String message) {
            super(message);
        }
    }

    /**
     * Reads {@code file} as one document: fails when a line exceeds {@code maxLineBytes}, the file exceeds
     * {@code maxFileBytes}, or the bytes are not UTF-8.
     */
    static String readFile(Path file, long maxLineBytes, long maxFileBytes) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long line = 1;
        long lineBytes = 0;
        long total = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                for (int i = 0; i < r; i++) {
                    if (buf[i] == '\n') {
                        line++;
                        lineBytes = 0;
                    } else if (++lineBytes > maxLineBytes) {
                        throw new IOException(file + ": line " + line + " is longer than the limit of " + maxLineBytes
                                + " bytes; raise the line limit or split the file");
                    }
                }
                total += r;
                if (total > maxFileBytes) {
                    throw new IOException(file + ": file is larger than the limit of " + maxFileBytes
                            + " bytes for one document; raise the document limit or split the file");
                }
                all.write(buf, 0, r);
            }
        }
        return decode(all.toByteArray(), file, 0);
    }

    /** Decodes {@code bytes} strictly; errors name the file, the line (when {@code line > 0}) and the byte offset. */
    static String decode(byte[] bytes, Path file, long line) throws NotUtf8Exception {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult res = dec.decode(in, out, true);
        if (!res.isError()) {
            res = dec.flush(out);
        }
        if (res.isError()) {
            throw new NotUtf8Exception(file + (line > 0 ? " line " + line : "") + ": not valid UTF-8 at byte "
                    + in.position() + (line > 0 ? " of the line" : "") + " (" + res + ")");
        }
        return out.flip().toString();
    }
}
