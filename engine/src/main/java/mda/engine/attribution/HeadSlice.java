package mda.engine.attribution;

import java.util.List;
import mda.engine.model.ModelConfig;

/**
 * The parameter slice θs of one attention head (spec §3.2): layer, head, mode and whether Q/K/V biases are included.
 * It also carries the model widths so that block shapes follow without a config lookup.
 *
 * @param layer target layer, 0-based
 * @param head target head within the layer, 0-based
 * @param mode which blocks the slice contains
 * @param withBias whether the QK and V blocks include their bias (as a homogeneous input coordinate)
 * @param dModel model width d
 * @param heads number of heads H (d must be divisible by H)
 */
public record HeadSlice(int layer, int head, Mode mode, boolean withBias, int dModel, int heads) {
    /** "qk" uses the QK block only; "qkvo" uses QK, V and O. */
    public enum Mode {
        QK(List.of(Block.QK)), QKVO(List.of(Block.QK, Block.V, Block.O));

        private final List<Block> blocks;

        Mode(List<Block> blocks) {
            this.blocks = blocks;
        }

        /** Parses "qk" or "qkvo" (case-insensitive). */
        public static Mode parse(String s) {
            if ("qk".equalsIgnoreCase(s)) {
                return QK;
            }
            if ("qkvo".equalsIgnoreCase(s)) {
                return QKVO;
            }
            throw new IllegalArgumentException("mode must be \"qk\" or \"qkvo\", got \"" + s + "\"");
        }
    }

    public HeadSlice {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (heads <= 0 || dModel <= 0 || dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " must be a positive multiple of heads " + heads);
        }
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, got " + layer);
        }
        if (head < 0 || head >= heads) {
            throw new IllegalArgumentException("head must be in [0, " + heads + "), got " + head);
        }
    }

    /** The slice for a model configuration, checking the layer index against it. */
    public static HeadSlice of(ModelConfig config, int layer, int head, Mode mode, boolean withBias) {
        if (layer >= config.layers()) {
            throw new IllegalArgumentException("layer must be in [0, " + config.layers() + "), got " + layer);
        }
        return new HeadSlice(layer, head, mode, withBias, config.dModel(), config.heads());
    }

    public int headDim() {
        return dModel / heads;
    }

    /** The blocks of this slice, in the fixed order QK, V, O. */
    public List<Block> blocks() {
        return mode.blocks;
    }

    public int dIn(Block block) {
        return block.dIn(dModel, headDim(), withBias);
    }

    public int dOut(Block block) {
        return block.dOut(dModel, headDim());
    }

    /** Number of parameters in θs (spec §3.2 table: 8 256 / 16 480 for 14m). */
    public long parameterCount() {
        long n = 0;
        for (Block b : blocks()) {
            n += (long) dIn(b) * dOut(b);
        }
        return n;
    }

    /** First qkv column of this head's Q (HF layout [H][3][dh]); K follows at +dh, V at +2dh. */
    int qkvColumn() {
        return 3 * head * headDim();
    }
}
