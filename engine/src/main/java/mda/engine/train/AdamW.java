package mda.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AdamW with decoupled weight decay and global gradient-norm clipping over named parameters (spec §1.5). Per
 * parameter, with {@code k} the update count from 1 and {@code g} the (clipped) gradient:
 * {@code m ← β1 m + (1−β1)g}, {@code v ← β2 v + (1−β2)g²}, {@code m̂ = m/(1−β1^k)}, {@code v̂ = v/(1−β2^k)},
 * {@code θ ← θ − lr·(m̂/(sqrt(v̂)+ε) + wd·θ)}; biases and LayerNorm parameters get {@code wd = 0}.
 *
 * <p>Memory: the moments live in a manager this optimizer owns, created up front and updated in place (DJL's lazily
 * created Adam state dies with the first step's scope). Every temporary of a step, including the gradient views that
 * DJL attaches to the parameters' manager, is closed by a per-step {@link NDScope}, so the number of live arrays stays
 * flat. Call {@link #step} after the {@code GradientCollector} is closed (PyTorch refuses in-place updates of leaves
 * while recording) and zero the gradients before the next backward.
 */
public final class AdamW implements AutoCloseable {
    /**
     * Hyperparameters.
     *
     * @param beta1 first-moment decay in [0, 1)
     * @param beta2 second-moment decay in [0, 1)
     * @param eps added to {@code sqrt(v̂)}, positive
     * @param weightDecay decoupled decay factor, non-negative
     * @param clipNorm global gradient-norm limit; 0 turns clipping off
     */
    public record Settings(double beta1, double beta2, double eps, double weightDecay, double clipNorm) {
        /** Compact constructor: validates every field. */
        public Settings {
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
            }
            if (!(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("eps must be positive and finite, got " + eps);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weightDecay must be non-negative and finite, got " + weightDecay);
            }
            if (!(clipNorm >= 0)) {
                throw new IllegalArgumentException("clipNorm must be non-negative (0 = off), got " + clipNorm);
            }
        }

        /** Pythia: β = (0.9, 0.95), ε = 1e-8, weight decay 0.1, clip 1.0. */
        public static Settings pythia() {
            return new Settings(0.9, 0.95, 1e-8, 0.1, 1.0);
        }
    }

    private final Settings settings;
    private final List<String> names;
    private final List<NDArray> params;
    private final List<NDArray> m;
    private final List<NDArray> v;
    private final boolean[] decay;
    private final NDManager stateManager;
    private long step;

    /** Creates zeroed moments for every parameter (float32, same device) in a manager owned by this optimizer. */
    public AdamW(Map<String, NDArray> parameters, Settings settings) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("AdamW needs at least one parameter");
        }
        if (settings == null) {
            throw new IllegalArgumentException("AdamW settings must not be null");
        }
        this.settings = settings;
        this.names = new ArrayList<>(parameters.keySet());
        this.params = new ArrayList<>(parameters.values());
        Device device = params.get(0).getDevice();
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            String name = names.get(i);
            if (name.getBytes(StandardCharsets.UTF_8).length > 1024) {
                throw new IllegalArgumentException("parameter name longer than 1024 bytes: " + name.substring(0, 64));
            }
            if (p.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("parameter '" + name + "' is " + p.getDataType()
                        + "; AdamW updates float32 parameters only");
            }
            if (!p.getDevice().equals(device)) {
                throw new IllegalArgumentException("parameter '" + name + "' is on " + p.getDevice() + ", others on "
                        + device);
            }
        }
        this.stateManager = params.get(0).getManager().getEngine().newBaseManager(device);
        stateManager.setName("adamw-state");
        this.m = new ArrayList<>();
        this.v = new ArrayList<>();
        this.decay = new boolean[params.size()];
        for (int i = 0; i < params.size(); i++) {
            m.add(stateManager.zeros(params.get(i).getShape(), DataType.FLOAT32));
            v.add(stateManager.zeros(params.get(i).getShape(), DataType.FLOAT32));
            decay[i] = decays(names.get(i));
        }
    }

    /** Whether a parameter gets weight decay, from its HF name: not biases, not LayerNorm (spec §1.5). */
    public static boolean decays(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !(lower.endsWith(".bias") || lower.contains("layernorm") || lower.contains("layer_norm"));
    }

    /**
     * One update at learning rate {@code lr}: clip the global gradient norm, then update moments and parameters in
     * place. Returns the global gradient norm before clipping. A non-finite norm leaves everything unchanged.
     */
    public double step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be non-negative and finite, got " + lr);
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            List<NDArray> grads = gradients();
            double norm = globalNorm(grads);
            if (!Double.isFinite(norm)) {
                throw new IllegalStateException("gradient norm is " + norm + " before update " + (step + 1)
                        + "; parameters and optimizer state left unchanged");
            }
            double scale = settings.clipNorm() > 0 && norm > settings.clipNorm() ? settings.clipNorm() / norm : 1.0;
            long k = ++step;
            // scalars are rounded to float once, from double, so they match a double reference to ~1e-8
            float b1 = (float) settings.beta1();
            float b2 = (float) settings.beta2();
            float a1 = (float) (1 - settings.beta1());
            float a2 = (float) (1 - settings.beta2());
            float bc1 = (float) (1 - Math.pow(settings.beta1(), k));
            float bc2 = (float) (1 - Math.pow(settings.beta2(), k));
            for (int i = 0; i < params.size(); i++) {
                NDArray g = scale == 1.0 ? grads.get(i) : grads.get(i).mul((float) scale);
                m.get(i).muli(b1).addi(g.mul(a1));
                v.get(i).muli(b2).addi(g.square().muli(a2));
                NDArray denom = v.get(i).div(bc2).sqrt().addi((float) settings.eps());
                NDArray update = m.get(i).div(bc1).divi(denom);
                if (decay[i] && settings.weightDecay() > 0) {
                    update.addi(params.get(i).mul((float) settings.weightDecay()));
                }
                params.get(i).subi(update.muli((float) lr));
            }
            return norm;
        }
    }

    /**
     * Sets the parameters' gradients to zero in place (NaN and Inf included), touching nothing else. Prefer this to
     * {@code GradientCollector.zeroGradients()}, which walks every array of the engine and computes {@code g − g}.
     */
    public void zeroGradients() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (NDArray p : params) {
                if (p.hasGradient()) {
                    p.getGradient().set(new NDIndex("..."), 0f);
                }
            }
        }
    }

    /** Global L2 norm of the current gradients, without updating anything. */
    public double gradientNorm() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return globalNorm(gradients());
        }
    }

    private List<NDArray> gradients() {
        List<NDArray> grads = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            if (!p.hasGradient()) {
                throw new IllegalStateException("parameter '" + names.get(i) + "' has no gradient; call "
                        + "setRequiresGradient(true) before the forward pass");
            }
            grads.add(p.getGradient());
        }
        return grads;
    }

    /** Sum of squares per parameter on the device, added in double in the map's order (deterministic). */
    private static double globalNorm(List<NDArray> grads) {
        double sq = 0;
        for (NDArray g : grads) {
            sq += g.square().sum().getFloat();
        }
        return Math.sqrt(sq);
    }

    /** Updates done so far ({@code k} of the last update). */
    public long stepCount() {
        return step;
    }

    public Settings settings() {
        return settings;
    }

    /** Copies the state out to Java arrays. */
    public AdamState exportState() {
        Map<String, AdamState.Moments> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            out.put(names.get(i), new AdamState.Moments(params.get(i).getShape().getShape(), m.get(i).toFloatArray(),
                    v.get(i).toFloatArray()));
        }
        return new AdamState(step, settings, out);
    }

    /**
     * Replaces the state in place; refuses a state built with other hyperparameters or for other parameters, naming
     * the difference.
     */
    public void importState(AdamState state) {
        if (!state.settings().equals(settings)) {
            throw new IllegalArgumentException("optimizer state was saved with " + state.settings()
                    + " but this optimizer uses " + settings);
        }
        for (String name : state.moments().keySet()) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("optimizer state has parameter '" + name + "' that the model lacks");
            }
        }
        for (int i = 0; i < params.size(); i++) {
            AdamState.Moments mo = state.moments().get(names.get(i));
            if (mo == null) {
                throw new IllegalArgumentException("optimizer state lacks parameter '" + names.get(i) + "'");
            }
            long[] shape = params.get(i).getShape().getShape();
            if (!Arrays.equals(shape, mo.shape())) {
                throw new IllegalArgumentException("optimizer state for '" + names.get(i) + "' has shape "
                        + Arrays.toString(mo.shape()) + ", the parameter " + Arrays.toString(shape));
            }
        }
        for (int i = 0; i < params.size(); i++) {
            AdamState.Moments mo = state.moments().get(names.get(i));
            m.get(i).set(mo.m());
            v.get(i).set(mo.v());
        }
        step = state.step();
    }

    /** Writes the state atomically (format in {@link AdamStateFile}). */
    public void save(Path file) {
        AdamStateFile.write(exportState(), file);
    }

    /** Reads a state file and imports it; the file's problems and mismatches are reported naming the file. */
    public void load(Path file) {
        AdamState state = AdamStateFile.read(file);
        try {
            importState(state);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a state file without an optimizer, e.g. to inspect a checkpoint. */
    public static AdamState readState(Path file) {
        return AdamStateFile.read(file);
    }

    /** The manager that owns the moments (tests count its arrays). */
    NDManager stateManager() {
        return stateManager;
    }

    /** Frees the moments; the parameters belong to the caller. */
    @Override
    public void close() {
        stateManager.close();
    }
}
