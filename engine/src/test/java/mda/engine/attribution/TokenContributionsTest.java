package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import mda.engine.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept top/bottom token contributions: selection, shard merging and the file. */
class TokenContributionsTest {
    @TempDir
    Path tmp;

    @Test
    void keepsExactlyTheTopAndBottomKAndShardReductionEqualsTheGlobalSelection() {
        int n = 200;
        int t = 5;
        int keep = 7;
        SplitMix64 rng = new SplitMix64(11);
        double[][] c = new double[n][t];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < t; k++) {
                c[i][k] = rng.nextGaussian();
                score[i] += c[i][k];
            }
        }
        TokenContributions.Selector global = new TokenContributions.Selector(keep, t);
        TokenContributions.Selector merged = new TokenContributions.Selector(keep, t);
        for (int s = 0; s < n; s += 64) {
            TokenContributions.Selector shard = new TokenContributions.Selector(keep, t);
            for (int i = s; i < Math.min(n, s + 64); i++) {
                global.offer(i, c[i]);
                shard.offer(i, c[i]);
            }
            shard.result().rows().forEach(merged::offer);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        Set<Long> want = new TreeSet<>();
        for (int r = 0; r < keep; r++) {
            want.add((long) order[r]);
            want.add((long) order[n - 1 - r]);
        }
        assertEquals(want, ids(global.result()));
        assertEquals(want, ids(merged.result()));
        TokenContributions.Row top = global.result().row(order[0]);
        assertEquals(score[order[0]], top.score(), 1e-12);
        for (int k = 0; k < t; k++) {
            assertEquals((float) c[order[0]][k], top.contributions()[k]);
        }
        assertNull(global.result().row(order[n / 2]));
        int[] best = top.topPositions(2);
        assertTrue(top.contributions()[best[0]] >= top.contributions()[best[1]]);
    }

    @Test
    void fileRoundTripsAndRejectsTruncation() throws IOException {
        TokenContributions.Selector s = new TokenContributions.Selector(2, 3);
        s.offer(4, new double[] {1, -2, 0.5});
        s.offer(9, new double[] {3, 3, 3});
        s.offer(1, new double[] {-7, 0, 0});
        TokenContributions tc = s.result();
        Path f = tmp.resolve("tokens.bin");
        tc.write(f);
        TokenContributions back = TokenContributions.load(f);
        assertEquals(3, back.size());
        assertEquals(3, back.positions());
        assertArrayEquals(new float[] {1, -2, 0.5f}, back.row(4).contributions());
        assertEquals(-0.5, back.row(4).score(), 0);
        assertEquals(9.0, back.row(9).score(), 0);
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 5));
        IOException e = assertThrows(IOException.class, () -> TokenContributions.load(f));
        assertTrue(e.getMessage().contains("tokens.bin"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.offer(2, new double[] {1}));
    }

    private static Set<Long> ids(TokenContributions tc) {
        Set<Long> out = new TreeSet<>();
        tc.rows().forEach(r -> out.add(r.sampleId()));
        return out;
    }
}
