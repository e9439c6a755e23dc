package mda.engine.corpus.importers;

/** The element types of a Megatron {@code .bin} file, by the dtype code stored in its {@code .idx} (§1.6). */
public enum MegatronDtype {
    U8(1, 1, true), I8(2, 1, true), I16(3, 2, true), I32(4, 4, true), I64(5, 8, true), F32(6, 4, false),
    F64(7, 8, false), U16(8, 2, true);

    private final int code;
    private final int itemSize;
    private final boolean integral;

    MegatronDtype(int code, int itemSize, boolean integral) {
        this.code = code;
        this.itemSize = itemSize;
        this.integral = integral;
    }

    /** The u8 code in the index header. */
    public int code() {
        return code;
    }

    /** Bytes per token. */
    public int itemSize() {
        return itemSize;
    }

    /** Whether the type can hold token ids (floats cannot). */
    public boolean integral() {
        return integral;
    }

    /** The dtype of {@code code}, or null when the code is unknown. */
    public static MegatronDtype ofCode(int code) {
        for (MegatronDtype d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return null;
    }

    /** The smallest dtype of the usual pair (u16, else i32) that holds ids in {@code [0, vocab)}. */
    public static MegatronDtype forVocab(int vocab) {
        return vocab <= 65536 ? U16 : I32;
    }
}
