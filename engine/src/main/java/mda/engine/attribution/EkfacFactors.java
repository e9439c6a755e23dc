package mda.engine.attribution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * The EK-FAC factors of every block of one head slice (spec §3.5–3.6), with a compact versioned binary file format.
 * Inactive blocks (all-zero Λ) are kept so that they can be reported; {@link Ihvp} treats them as zero.
 */
public final class EkfacFactors {
    private static final String MAGIC = "MDAEKFAC";
    private static final int VERSION = 1;

    private final HeadSlice slice;
    private final Map<Block, BlockFactors> blocks;

    /** Factors for {@code slice}; there must be exactly one entry per block of the slice, of the right shape. */
    public EkfacFactors(HeadSlice slice, Map<Block, BlockFactors> blocks) {
        this.slice = slice;
        EnumMap<Block, BlockFactors> copy = new EnumMap<>(Block.class);
        for (Block b : slice.blocks()) {
            BlockFactors f = blocks.get(b);
            if (f == null) {
                throw new IllegalArgumentException("factors are missing block " + b + " of mode " + slice.mode());
            }
            if (f.block() != b || f.dIn() != slice.dIn(b) || f.dOut() != slice.dOut(b)) {
                throw new IllegalArgumentException("factors for block " + b + " are " + f.block() + " "
                        + f.dOut() + "x" + f.dIn() + ", expected " + slice.dOut(b) + "x" + slice.dIn(b));
            }
            copy.put(b, f);
        }
        if (blocks.size() != copy.size()) {
            throw new IllegalArgumentException("factors hold blocks " + blocks.keySet() + " but mode "
                    + slice.mode() + " has " + slice.blocks());
        }
        this.blocks = Collections.unmodifiableMap(copy);
    }

    /**
     * Assembles the factors from finished stage accumulators: bases from the Λ accumulators (the bases Λ was
     * fitted in), Λ from their sums, damping resolved per block.
     */
    public static EkfacFactors fromLambdas(HeadSlice slice, Map<Block, LambdaAccumulator> lambdas, Damping damping) {
        EnumMap<Block, BlockFactors> out = new EnumMap<>(Block.class);
        for (Block b : slice.blocks()) {
            LambdaAccumulator acc = lambdas.get(b);
            if (acc == null) {
                throw new IllegalArgumentException("no lambda accumulator for block " + b);
            }
            out.put(b, BlockFactors.of(b, acc.inputBasis(), acc.outputBasis(), acc.lambda(), damping));
        }
        return new EkfacFactors(slice, out);
    }

    public HeadSlice slice() {
        return slice;
    }

    public BlockFactors block(Block b) {
        BlockFactors f = blocks.get(b);
        if (f == null) {
            throw new IllegalArgumentException("block " + b + " is not part of mode " + slice.mode());
        }
        return f;
    }

    public Map<Block, BlockFactors> blocks() {
        return blocks;
    }

    /** Blocks skipped because mean(Λ_b) = 0 (spec §3.6: report them). */
    public List<Block> skippedBlocks() {
        List<Block> out = new ArrayList<>();
        for (BlockFactors f : blocks.values()) {
            if (!f.active()) {
                out.add(f.block());
            }
        }
        return out;
    }

    /** Writes the factors atomically: slice, then per block the bases, Λ and λ. */
    public void save(Path file) throws IOException {
        BinaryIo.write(file, MAGIC, VERSION, out -> {
            out.writeInt(slice.layer());
            out.writeInt(slice.head());
            BinaryIo.writeString(out, slice.mode().name());
            out.writeBoolean(slice.withBias());
            out.writeInt(slice.dModel());
            out.writeInt(slice.heads());
            out.writeInt(blocks.size());
            for (BlockFactors f : blocks.values()) {
                BinaryIo.writeString(out, f.block().name());
                LambdaAccumulator.writeBasis(out, f.inputBasis());
                LambdaAccumulator.writeBasis(out, f.outputBasis());
                BinaryIo.writeMatrix(out, f.lambda());
                out.writeDouble(f.damping());
            }
        });
    }

    /** Reads factors written by {@link #save}; truncation, corruption and shape mismatches name the file. */
    public static EkfacFactors load(Path file) throws IOException {
        BinaryIo.Reader r = BinaryIo.open(file, MAGIC, VERSION);
        int layer = r.readInt();
        int head = r.readInt();
        String mode = r.readString();
        boolean withBias = r.bytes(1)[0] != 0;
        int dModel = r.readInt();
        int heads = r.readInt();
        HeadSlice slice;
        try {
            slice = new HeadSlice(layer, head, HeadSlice.Mode.valueOf(mode), withBias, dModel, heads);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is corrupt: bad head slice (" + e.getMessage() + ")", e);
        }
        int n = r.readCount("block count", Block.values().length);
        EnumMap<Block, BlockFactors> map = new EnumMap<>(Block.class);
        for (int k = 0; k < n; k++) {
            Block b = CovarianceAccumulator.readBlock(r);
            EigenBasis in = LambdaAccumulator.readBasis(r, b + " input basis");
            EigenBasis outBasis = LambdaAccumulator.readBasis(r, b + " output basis");
            DMatrixRMaj lambda = r.readMatrix(b + " lambda", outBasis.size(), in.size());
            double damping = r.readDouble();
            try {
                map.put(b, new BlockFactors(b, in, outBasis, lambda, damping));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " is corrupt: " + e.getMessage(), e);
            }
        }
        r.finish();
        try {
            return new EkfacFactors(slice, map);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not match its slice: " + e.getMessage(), e);
        }
    }
}
