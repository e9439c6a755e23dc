package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import mda.engine.util.SplitMix64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** O3 (factors independent of batching and partitioning) and the save/load formats with their error cases. */
class FactorStorageTest {
    @TempDir
    Path dir;

    private static BlockData[] samples(long seed, int count) {
        SplitMix64 rng = new SplitMix64(seed);
        BlockData[] out = new BlockData[count];
        for (int n = 0; n < count; n++) {
            out[n] = TestMath.randomData(rng, Block.QK, 2 + rng.nextInt(4), 5, 3);
        }
        return out;
    }

    @Test
    void o3FactorsAreIdenticalAcrossPartitionsBatchSumsAndResumedShards() throws IOException {
        BlockData[] data = samples(7, 40);
        CovarianceAccumulator whole = new CovarianceAccumulator(Block.QK, 5, 3);
        for (BlockData s : data) {
            whole.add(s);
        }
        // Three partitions, the second saved and reloaded half-way (a resumed shard), merged at the end.
        CovarianceAccumulator[] parts = new CovarianceAccumulator[3];
        for (int p = 0; p < 3; p++) {
            parts[p] = new CovarianceAccumulator(Block.QK, 5, 3);
        }
        for (int n = 0; n < data.length; n++) {
            parts[n % 3].add(data[n]);
            if (n == 20) {
                Path f = dir.resolve("cov-shard1.bin");
                parts[1].save(f);
                parts[1] = CovarianceAccumulator.load(f);
            }
        }
        CovarianceAccumulator merged = new CovarianceAccumulator(Block.QK, 5, 3);
        for (CovarianceAccumulator p : parts) {
            merged.merge(p);
        }
        // Batch sums of 8 sequences computed outside (as the device would) and added at once.
        CovarianceAccumulator batched = new CovarianceAccumulator(Block.QK, 5, 3);
        for (int start = 0; start < data.length; start += 8) {
            DMatrixRMaj aa = new DMatrixRMaj(5, 5);
            DMatrixRMaj gg = new DMatrixRMaj(3, 3);
            long tokens = 0;
            for (int n = start; n < start + 8; n++) {
                CommonOps_DDRM.multAddTransA(data[n].a(), data[n].a(), aa);
                CommonOps_DDRM.multAddTransA(data[n].g(), data[n].g(), gg);
                tokens += data[n].positions();
            }
            batched.addSums(aa, gg, tokens, 8);
        }
        for (CovarianceAccumulator other : List.of(merged, batched)) {
            assertEquals(whole.tokens(), other.tokens());
            assertEquals(40, other.sequences());
            assertTrue(TestMath.relDiff(other.inputCovariance(), whole.inputCovariance()) < 1e-13);
            assertTrue(TestMath.relDiff(other.outputCovariance(), whole.outputCovariance()) < 1e-13);
        }
        // Per-token normalisation: A is the mean of a aᵀ over all tokens, not over sequences.
        long tokens = Arrays.stream(data).mapToLong(BlockData::positions).sum();
        double a00 = Arrays.stream(data).mapToDouble(s -> {
            double x = 0;
            for (int t = 0; t < s.positions(); t++) {
                x += s.a().get(t, 0) * s.a().get(t, 0);
            }
            return x;
        }).sum() / tokens;
        assertEquals(a00, whole.inputCovariance().get(0, 0), 1e-14);

        EigenBasis in = whole.inputBasis();
        EigenBasis out = whole.outputBasis();
        LambdaAccumulator lamWhole = new LambdaAccumulator(Block.QK, in, out);
        LambdaAccumulator lamA = new LambdaAccumulator(Block.QK, in, out);
        LambdaAccumulator lamB = new LambdaAccumulator(Block.QK, in, out);
        for (int n = 0; n < data.length; n++) {
            lamWhole.add(data[n]);
            (n < 13 ? lamA : lamB).add(data[n]);
        }
        Path f = dir.resolve("lambda-a.bin");
        lamA.save(f);
        LambdaAccumulator resumed = LambdaAccumulator.load(f);
        resumed.merge(lamB);
        assertEquals(40, resumed.sequences());
        assertTrue(TestMath.relDiff(resumed.lambda(), lamWhole.lambda()) < 1e-13);
    }

    @Test
    void accumulatorsRoundTripExactly() throws IOException {
        BlockData[] data = samples(8, 5);
        CovarianceAccumulator cov = new CovarianceAccumulator(Block.QK, 5, 3);
        for (BlockData s : data) {
            cov.add(s);
        }
        Path f = dir.resolve("cov.bin");
        cov.save(f);
        CovarianceAccumulator back = CovarianceAccumulator.load(f);
        assertEquals(cov.tokens(), back.tokens());
        assertEquals(cov.sequences(), back.sequences());
        assertArrayEquals(cov.inputCovariance().data, back.inputCovariance().data, 0);
        assertArrayEquals(cov.outputCovariance().data, back.outputCovariance().data, 0);

        LambdaAccumulator lam = new LambdaAccumulator(Block.QK, cov.inputBasis(), cov.outputBasis());
        for (BlockData s : data) {
            lam.add(s);
        }
        Path g = dir.resolve("lam.bin");
        lam.save(g);
        LambdaAccumulator lamBack = LambdaAccumulator.load(g);
        assertArrayEquals(lam.lambda().data, lamBack.lambda().data, 0);
        assertArrayEquals(lam.inputBasis().vectors().data, lamBack.inputBasis().vectors().data, 0);
        assertArrayEquals(lam.outputBasis().values(), lamBack.outputBasis().values(), 0);
    }

    private static EkfacFactors factors() {
        HeadSlice slice = new HeadSlice(1, 1, HeadSlice.Mode.QKVO, true, 4, 2);
        SplitMix64 rng = new SplitMix64(9);
        Map<Block, LambdaAccumulator> lambdas = new EnumMap<>(Block.class);
        for (Block b : slice.blocks()) {
            CovarianceAccumulator cov = CovarianceAccumulator.forSlice(slice, b);
            BlockData[] data = new BlockData[4];
            for (int n = 0; n < data.length; n++) {
                data[n] = TestMath.randomData(rng, b, 3, slice.dIn(b), slice.dOut(b));
                cov.add(data[n]);
            }
            LambdaAccumulator lam = new LambdaAccumulator(b, cov.inputBasis(), cov.outputBasis());
            for (BlockData s : data) {
                lam.add(s);
            }
            lambdas.put(b, lam);
        }
        return EkfacFactors.fromLambdas(slice, lambdas, Damping.defaults());
    }

    @Test
    void factorsRoundTripExactly() throws IOException {
        EkfacFactors f = factors();
        Path file = dir.resolve("sub/factors.ekfac");
        f.save(file);
        EkfacFactors back = EkfacFactors.load(file);
        assertEquals(f.slice(), back.slice());
        for (Block b : f.slice().blocks()) {
            BlockFactors x = f.block(b);
            BlockFactors y = back.block(b);
            assertArrayEquals(x.lambda().data, y.lambda().data, 0);
            assertArrayEquals(x.inputBasis().vectors().data, y.inputBasis().vectors().data, 0);
            assertArrayEquals(x.outputBasis().vectors().data, y.outputBasis().vectors().data, 0);
            assertArrayEquals(x.inputBasis().values(), y.inputBasis().values(), 0);
            assertEquals(x.damping(), y.damping(), 0);
            assertEquals(0.1 * x.meanLambda(), x.damping(), 1e-15 * x.damping());
        }
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void truncatedOrCorruptFilesFailWithClearErrors() throws IOException {
        Path file = dir.resolve("factors.ekfac");
        factors().save(file);
        byte[] bytes = Files.readAllBytes(file);
        for (int cut : new int[] {1, 8, 9, 100, bytes.length / 2, bytes.length - 5}) {
            Path t = dir.resolve("cut" + cut + ".ekfac");
            Files.write(t, Arrays.copyOf(bytes, bytes.length - cut));
            IOException e = assertThrows(IOException.class, () -> EkfacFactors.load(t));
            assertTrue(e.getMessage().contains(t.toString()) && e.getMessage().contains("truncated"),
                    "cut " + cut + ": " + e.getMessage());
        }
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        Path c = dir.resolve("flip.ekfac");
        Files.write(c, flipped);
        IOException e = assertThrows(IOException.class, () -> EkfacFactors.load(c));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());

        byte[] magic = bytes.clone();
        magic[0] = 'X';
        Path m = dir.resolve("magic.ekfac");
        Files.write(m, magic);
        assertTrue(assertThrows(IOException.class, () -> EkfacFactors.load(m)).getMessage().contains("bad magic"));
        byte[] version = bytes.clone();
        version[11] = 9;
        Path v = dir.resolve("version.ekfac");
        Files.write(v, version);
        assertTrue(assertThrows(IOException.class, () -> EkfacFactors.load(v)).getMessage()
                .contains("unsupported version 9"));

        Path cov = dir.resolve("cov.bin");
        CovarianceAccumulator acc = new CovarianceAccumulator(Block.O, 2, 2);
        acc.add(TestMath.randomData(new SplitMix64(1), Block.O, 2, 2, 2));
        acc.save(cov);
        byte[] cb = Files.readAllBytes(cov);
        Files.write(cov, Arrays.copyOf(cb, cb.length - 3));
        assertTrue(assertThrows(IOException.class, () -> CovarianceAccumulator.load(cov)).getMessage()
                .contains("truncated"));
        assertTrue(assertThrows(IOException.class, () -> LambdaAccumulator.load(file)).getMessage()
                .contains("bad magic"), "a factors file is not a lambda accumulator");
    }
}
