package mda.engine.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2-style pre-split of text into pieces that BPE merges never cross: English contractions, letter runs with an
 * optional leading space, digit runs with an optional leading space, punctuation runs with an optional leading
 * space, and whitespace (a whitespace run keeps its last space for the following word).
 */
final class BpePieces {
    private static final Pattern PIECE = Pattern.compile(
            "'(?:s|t|re|ve|m|ll|d)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private BpePieces() {
    }

    /** The pieces of {@code text}, in order; their concatenation is exactly {@code text}. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PIECE.matcher(text);
        int pos = 0;
        while (m.find()) {
            if (m.start() > pos) {
                out.add(text.substring(pos, m.start())); // defensive: the alternatives cover every character
            }
            out.add(m.group());
            pos = m.end();
        }
        if (pos < text.length()) {
            out.add(text.substring(pos));
        }
        return out;
    }
}
