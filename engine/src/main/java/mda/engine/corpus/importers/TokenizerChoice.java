package mda.engine.corpus.importers;

import java.util.Objects;
import mda.engine.corpus.BpeTokenizer;
import mda.engine.corpus.ByteTokenizer;
import mda.engine.corpus.Tokenizer;

/**
 * How a text import tokenizes: with a given {@link Tokenizer} (byte-level by default), or by first training a
 * {@link BpeTokenizer} of {@code bpeVocab} ids with {@code bpeSeed} on the imported documents (a two-pass import).
 */
public final class TokenizerChoice {
    private final Tokenizer fixed;
    private final int bpeVocab;
    private final long bpeSeed;

    private TokenizerChoice(Tokenizer fixed, int bpeVocab, long bpeSeed) {
        this.fixed = fixed;
        this.bpeVocab = bpeVocab;
        this.bpeSeed = bpeSeed;
    }

    /** The byte-level tokenizer (vocab 257). */
    public static TokenizerChoice bytes() {
        return new TokenizerChoice(new ByteTokenizer(), 0, 0);
    }

    /** An existing tokenizer, used as is. */
    public static TokenizerChoice existing(Tokenizer tokenizer) {
        return new TokenizerChoice(Objects.requireNonNull(tokenizer, "tokenizer"), 0, 0);
    }

    /** Train a byte-level BPE of at most {@code vocab} ids (EOD and the 256 bytes included) on the documents. */
    public static TokenizerChoice trainBpe(int vocab, long seed) {
        if (vocab < 258 || vocab > 1 << 20) {
            throw new IllegalArgumentException("BPE vocab must be in [258, 1048576] (EOD + 256 bytes + merges), got "
                    + vocab);
        }
        return new TokenizerChoice(null, vocab, seed);
    }

    /** Whether the import first reads all documents to train the tokenizer. */
    public boolean trains() {
        return fixed == null;
    }

    /** The given tokenizer (null when {@link #trains}). */
    public Tokenizer fixed() {
        return fixed;
    }

    public int bpeVocab() {
        return bpeVocab;
    }

    public long bpeSeed() {
        return bpeSeed;
    }

    /** A short description for the corpus metadata. */
    public String describe() {
        return trains() ? "bpe trained to " + bpeVocab + " ids, seed " + bpeSeed : fixed.kind();
    }
}
