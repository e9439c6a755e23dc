package mda.engine.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of {@link AdamW}'s state as plain Java arrays, enough to resume bit-exactly: the update count {@code k},
 * the hyperparameters it ran with, and per parameter (HF name, in the model's order) its shape and the moments
 * {@code m}, {@code v}.
 *
 * @param step updates done so far; the next update uses {@code k = step + 1}
 * @param settings hyperparameters the state was built with
 * @param moments per parameter name, in order
 */
public record AdamState(long step, AdamW.Settings settings, Map<String, Moments> moments) {
    /** Compact constructor: validates and freezes the map (the arrays inside are not copied). */
    public AdamState {
        if (step < 0) {
            throw new IllegalArgumentException("optimizer step count must be non-negative, got " + step);
        }
        if (settings == null || moments == null) {
            throw new IllegalArgumentException("optimizer state needs settings and moments");
        }
        moments = Collections.unmodifiableMap(new LinkedHashMap<>(moments));
    }

    /**
     * First and second moment of one parameter, row-major.
     *
     * @param shape the parameter's shape
     * @param m first moment
     * @param v second moment
     */
    public record Moments(long[] shape, float[] m, float[] v) {
        /** Compact constructor: the arrays must match the shape. */
        public Moments {
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + java.util.Arrays.toString(shape));
                }
                n *= d;
            }
            if (m.length != n || v.length != n) {
                throw new IllegalArgumentException("moments of length " + m.length + "/" + v.length
                        + " do not match shape " + java.util.Arrays.toString(shape));
            }
        }
    }
}
