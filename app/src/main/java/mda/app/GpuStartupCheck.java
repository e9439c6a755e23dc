package mda.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import mda.engine.device.Devices;
import mda.engine.device.LibtorchCheck;
import mda.engine.device.LibtorchProbe;

/**
 * The start-up check of a user-supplied (CUDA) libtorch, run before anything loads the engine. Without
 * {@code PYTORCH_LIBRARY_PATH} it costs nothing and the bundled CPU libtorch is used. With it, the library is
 * inspected and then loaded once in a child JVM (a mismatched libtorch crashes the JVM that loads it). On a
 * problem it prints one line and either stops ({@code --device gpu}) or runs the same command again without the
 * override, i.e. on the bundled CPU libtorch.
 */
public final class GpuStartupCheck {
    static final int STOP_EXIT = 2;
    static final String JPACKAGE_CHILD_MARKER = "_JPACKAGE_LAUNCHER";

    private GpuStartupCheck() {}

    /** What to do after the check. */
    enum Action { PROCEED, FALL_BACK, STOP }

    /** The decision and the one line to print (null when there is nothing to say). */
    record Decision(Action action, String line) {}

    /**
     * Runs the check for the command line {@code args} of {@code mainClass}. Returns when the command should go
     * on in this JVM; otherwise exits the JVM (after re-running the command on the CPU, with that run's status).
     */
    public static void run(String[] args, Class<?> mainClass) {
        Map<String, String> env = System.getenv();
        String path = env.get(LibtorchCheck.PATH_VAR);
        if (path == null || path.isBlank()) {
            return;
        }
        LibtorchCheck.Jni jni = LibtorchCheck.jniOnClassPath();
        LibtorchCheck.Result r = LibtorchCheck.inspect(env, jni);
        LibtorchProbe.Outcome probe = r.status() == LibtorchCheck.Status.READY
                ? LibtorchProbe.probe(r, jni, LibtorchProbe.defaultCacheFile()) : null;
        Decision d = decide(r, probe, jni, preference(args));
        if (d.line() != null) {
            System.err.println(d.line());
        }
        if (d.action() == Action.STOP) {
            System.exit(STOP_EXIT);
        } else if (d.action() == Action.FALL_BACK) {
            System.exit(relaunch(relaunchCommand(ProcessHandle.current().info(), args, mainClass), env));
        }
    }

    /** The device the command line asks for ({@code --device X} or {@code --device=X}); auto when absent. */
    static Devices.Preference preference(String[] args) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--device") && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith("--device=")) {
                value = args[i].substring("--device=".length());
            }
        }
        if (value == null) {
            return Devices.Preference.AUTO;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "gpu": case "cuda": return Devices.Preference.GPU;
            case "cpu": return Devices.Preference.CPU;
            default: return Devices.Preference.AUTO; // picocli rejects it later with its own message
        }
    }

    /**
     * Decides from the static check {@code r}, the child-process {@code probe} (null when none ran) and the asked
     * device. Pure, for the tests.
     */
    static Decision decide(LibtorchCheck.Result r, LibtorchProbe.Outcome probe, LibtorchCheck.Jni jni,
                           Devices.Preference pref) {
        if (r.status() == LibtorchCheck.Status.BUNDLED) {
            return new Decision(Action.PROCEED, null);
        }
        String problem = r.problem();
        if (r.status() == LibtorchCheck.Status.READY) {
            if (probe != null && probe.ok()) {
                return new Decision(Action.PROCEED, "mda: libtorch " + probe.version() + " (" + r.flavor() + ") from "
                        + r.dir() + ", CUDA devices: " + probe.gpus());
            }
            problem = "libtorch in " + r.dir() + " does not match PyTorch JNI " + jni.jniVersion() + ": "
                    + (probe == null ? "it was not tried" : probe.detail());
        }
        if (pref == Devices.Preference.GPU) {
            return new Decision(Action.STOP, "mda: " + problem + "; stopping because --device gpu was asked for");
        }
        return new Decision(Action.FALL_BACK, "mda: " + problem + "; using the bundled CPU libtorch instead");
    }

    /** This command again: the same launcher and arguments when the OS tells them, else java -cp ... mainClass. */
    static List<String> relaunchCommand(ProcessHandle.Info info, String[] args, Class<?> mainClass) {
        List<String> cmd = new ArrayList<>();
        Optional<String> exe = info.command();
        Optional<String[]> argv = info.arguments();
        if (exe.isPresent() && argv.isPresent()) {
            cmd.add(exe.get());
            cmd.addAll(List.of(argv.get()));
            return cmd;
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("ai.djl.") || name.startsWith("mda.")) {
                cmd.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * The environment of the CPU re-run: this one without the variables that select a user libtorch, and without
     * the marker a jpackage launcher leaves for its children (with it, the launcher acts as a bare {@code java}
     * and ignores its configured main class and JVM options).
     */
    static Map<String, String> cpuEnvironment(Map<String, String> env) {
        Map<String, String> out = new HashMap<>(env);
        out.remove(LibtorchCheck.PATH_VAR);
        out.remove(LibtorchCheck.VERSION_VAR);
        out.remove(LibtorchCheck.FLAVOR_VAR);
        out.remove(JPACKAGE_CHILD_MARKER);
        return out;
    }

    private static int relaunch(List<String> cmd, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().clear();
        pb.environment().putAll(cpuEnvironment(env));
        try {
            return pb.start().waitFor();
        } catch (IOException e) {
            System.err.println("mda: cannot re-run on the CPU (" + e.getMessage() + "); unset "
                    + LibtorchCheck.PATH_VAR + " and run the command again");
            return STOP_EXIT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return STOP_EXIT;
        }
    }
}
