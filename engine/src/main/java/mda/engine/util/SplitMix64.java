package mda.engine.util;

/**
 * SplitMix64 generator (public-domain constants). Every random choice in the engine draws from one of these,
 * with a separate seed-derived stream per purpose so that changing one use never shifts another.
 */
public final class SplitMix64 {
    /** Named streams derived from one project/run seed. */
    public enum Stream { DATA_ORDER, INIT, EVAL_SETS, FISHER_LABELS, INTERVENTION, CORPUS, BOOTSTRAP }

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The generator for one purpose: the seed mixed with the stream's ordinal through one SplitMix64 step. */
    public static SplitMix64 stream(long seed, Stream stream) {
        SplitMix64 mixer = new SplitMix64(seed ^ (0x632BE59BD9B4E019L * (stream.ordinal() + 1)));
        return new SplitMix64(mixer.nextLong());
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, n) by rejection on the top bits: no modulo bias. */
    public long nextBounded(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + n);
        }
        int bits = 64 - Long.numberOfLeadingZeros(n - 1);
        if (bits == 0) {
            return 0;
        }
        while (true) {
            long r = nextLong() >>> (64 - bits);
            if (r < n) {
                return r;
            }
        }
    }

    public int nextInt(int n) {
        return (int) nextBounded(n);
    }

    /** Uniform double in [0, 1) from the top 53 bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by Box–Muller (one value per call; the pair's second value is dropped for simplicity). */
    public double nextGaussian() {
        double u1 = nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** In-place Fisher–Yates shuffle. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
