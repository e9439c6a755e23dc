package mda.app.cli;

import ai.djl.Device;
import mda.engine.device.Devices;
import picocli.CommandLine.Option;

/** Device and thread options of the commands that compute; applied before the engine first loads. */
final class EngineOptions {
    @Option(names = "--threads", description = "compute threads (default: physical cores, ${DEFAULT-VALUE})",
            defaultValue = "0")
    int threads;

    @Option(names = "--device", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE})", defaultValue = "auto")
    String device;

    int threads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    Devices.Preference preference() {
        switch (device.toLowerCase(java.util.Locale.ROOT)) {
            case "auto": return Devices.Preference.AUTO;
            case "cpu": return Devices.Preference.CPU;
            case "gpu": case "cuda": return Devices.Preference.GPU;
            default:
                throw new IllegalArgumentException("unknown device '" + device + "'; use auto, cpu or gpu");
        }
    }

    /** Sets the thread count, then resolves the device (this loads libtorch). */
    Device apply() {
        Devices.configureThreads(threads());
        return Devices.choose(preference());
    }
}
