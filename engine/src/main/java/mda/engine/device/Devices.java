package mda.engine.device;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Chooses the compute device and thread count for engine work, and describes the choice so that every
 * run can record it.
 */
public final class Devices {
    private Devices() {}

    /** User preference for the device: auto picks CUDA when DJL sees a GPU. */
    public enum Preference { AUTO, CPU, GPU }

    /** Sets the libtorch thread counts; must run before the engine is first touched to take effect. */
    public static void configureThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.default_engine", "PyTorch");
    }

    /** Resolves a preference to a device; asking for a GPU where none exists is an error, not a fallback. */
    public static Device choose(Preference pref) {
        int gpus = engine().getGpuCount();
        switch (pref) {
            case CPU:
                return Device.cpu();
            case GPU:
                if (gpus == 0) {
                    throw new IllegalStateException("a GPU was requested but libtorch sees no CUDA device "
                            + "(engine " + engine().getEngineName() + " " + engine().getVersion() + ", "
                            + (System.getenv(LibtorchCheck.PATH_VAR) == null ? "the bundled CPU-only build"
                                    : "from " + LibtorchCheck.PATH_VAR + "=" + System.getenv(LibtorchCheck.PATH_VAR))
                            + "); see 'GPU set-up' in the README, or use --device cpu");
                }
                return Device.gpu();
            default:
                return gpus > 0 ? Device.gpu() : Device.cpu();
        }
    }

    public static Engine engine() {
        return Engine.getEngine("PyTorch");
    }

    /** One line for run records: device, engine versions and thread count. */
    public static String describe(Device device) {
        Engine e = engine();
        return device + " | " + e.getEngineName() + " " + e.getVersion() + " | DJL "
                + Engine.getDjlVersion() + " | threads " + System.getProperty("ai.djl.pytorch.num_threads", "?");
    }
}
