package mda.engine.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import mda.engine.util.SplitMix64;

/**
 * Draws true-Fisher labels {@code y_t ~ p_θ(·|x_≤t)} (spec §3.5) on the device by inverse CDF, one uniform of the
 * stream per position in row-major order: y is the number of cumulative probabilities ≤ u. The CDF is found in two
 * levels so that only one block sum touches the B·T·V probabilities: the vocabulary is
 * cut into blocks of K ≈ √V tokens, the block is picked on the cumulative block sums (float64), and the token on the
 * float64 cumulative sum inside that one block. The labels stay on the device.
 */
final class LabelSampler {
    private LabelSampler() {
    }

    /**
     * Labels [B,T] (INT64) for probabilities {@code probs} [B,T,V] (detached from autograd).
     */
    static NDArray sample(NDArray probs, SplitMix64 rng) {
        Shape s = probs.getShape();
        int v = Math.toIntExact(s.get(2));
        int rows = Math.toIntExact(s.get(0) * s.get(1));
        double[] u = new double[rows];
        for (int r = 0; r < rows; r++) {
            u[r] = rng.nextDouble();
        }
        int k = blockWidth(v);
        int nb = (v + k - 1) / k;
        NDManager m = probs.getManager(); // the caller's per-batch manager frees the intermediates
        NDArray p = probs.reshape(rows, v);
        if (nb * k > v) { // pad with zero-probability tokens to whole blocks
            p = p.concat(m.zeros(new Shape(rows, (long) nb * k - v), p.getDataType()), 1);
        }
        NDArray blocks = p.reshape(rows, nb, k);
        NDArray mass = blocks.sum(new int[] {2}).toType(DataType.FLOAT64, false); // [R, nb]
        NDArray cum = mass.cumSum(1);
        NDArray uu = m.create(u, new Shape(rows, 1));
        NDArray j = cum.lte(uu).toType(DataType.INT64, false).sum(new int[] {1}, true).clip(0, nb - 1); // [R,1]
        NDArray before = cum.sub(mass).gather(j, 1); // probability mass of the blocks before block j, [R,1]
        NDArray inBlock = blocks.gather(j.expandDims(2).broadcast(new Shape(rows, 1, k)), 1).reshape(rows, k)
                .toType(DataType.FLOAT64, false).cumSum(1).add(before);
        NDArray i = inBlock.lte(uu).toType(DataType.INT64, false).sum(new int[] {1}, true).clip(0, k - 1);
        // round-off can leave u just past a block's last entry: the clamps keep y inside the block and the vocabulary
        return j.mul(k).add(i).clip(0, v - 1).reshape(s.get(0), s.get(1));
    }

    /** A divisor of v near √v when one exists (no padding), else ⌈√v⌉. */
    static int blockWidth(int v) {
        int root = (int) Math.ceil(Math.sqrt(v));
        for (int k = root; k >= Math.max(1, root / 2); k--) {
            if (v % k == 0) {
                return k;
            }
        }
        return root;
    }
}
