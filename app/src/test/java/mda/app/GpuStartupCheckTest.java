package mda.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import mda.app.cli.Main;
import mda.engine.device.Devices;
import mda.engine.device.LibtorchCheck;
import mda.engine.device.LibtorchProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up decision: stop when a GPU was asked for, else fall back to the bundled CPU libtorch. */
class GpuStartupCheckTest {
    private static final LibtorchCheck.Jni JNI = new LibtorchCheck.Jni("2.7.1", "2.7.1-0.36.0", "linux-x86_64",
            new TreeSet<>(List.of("cpu", "cu128")));

    @TempDir
    Path tmp;

    @Test
    void deviceIsReadFromEitherOptionForm() {
        assertEquals(Devices.Preference.AUTO, GpuStartupCheck.preference(new String[] {"demo"}));
        assertEquals(Devices.Preference.GPU, GpuStartupCheck.preference(new String[] {"train", "--device", "gpu"}));
        assertEquals(Devices.Preference.GPU, GpuStartupCheck.preference(new String[] {"train", "--device=CUDA"}));
        assertEquals(Devices.Preference.CPU, GpuStartupCheck.preference(new String[] {"--device", "cpu", "bench"}));
        assertEquals(Devices.Preference.AUTO, GpuStartupCheck.preference(new String[] {"train", "--device"}));
    }

    @Test
    void decisions() {
        LibtorchCheck.Result bundled = LibtorchCheck.inspect(Map.of(), JNI);
        assertEquals(new GpuStartupCheck.Decision(GpuStartupCheck.Action.PROCEED, null),
                GpuStartupCheck.decide(bundled, null, JNI, Devices.Preference.GPU));

        LibtorchCheck.Result missing = LibtorchCheck.inspect(Map.of(LibtorchCheck.PATH_VAR, "/nowhere"), JNI);
        String problem = "mda: PYTORCH_LIBRARY_PATH=/nowhere has no " + System.mapLibraryName("torch")
                + " (point it at torch/lib of a pip torch==2.7.1+cu128)";
        assertEquals(new GpuStartupCheck.Decision(GpuStartupCheck.Action.FALL_BACK,
                problem + "; using the bundled CPU libtorch instead"),
                GpuStartupCheck.decide(missing, null, JNI, Devices.Preference.AUTO));
        assertEquals(GpuStartupCheck.Action.FALL_BACK,
                GpuStartupCheck.decide(missing, null, JNI, Devices.Preference.CPU).action());
        assertEquals(new GpuStartupCheck.Decision(GpuStartupCheck.Action.STOP,
                problem + "; stopping because --device gpu was asked for"),
                GpuStartupCheck.decide(missing, null, JNI, Devices.Preference.GPU));

        LibtorchCheck.Result ready = new LibtorchCheck.Result(LibtorchCheck.Status.READY, Path.of("/t/torch/lib"),
                "cu128", "2.7.1+cu128", null);
        assertEquals(new GpuStartupCheck.Decision(GpuStartupCheck.Action.PROCEED,
                "mda: libtorch 2.7.1 (cu128) from /t/torch/lib, CUDA devices: 2"),
                GpuStartupCheck.decide(ready, new LibtorchProbe.Outcome(true, "2.7.1", 2, null), JNI,
                        Devices.Preference.GPU));
        LibtorchProbe.Outcome crashed = new LibtorchProbe.Outcome(false, null, 0,
                "loading it in a test process failed (exit 134, killed by signal 6): Aborted");
        assertEquals(new GpuStartupCheck.Decision(GpuStartupCheck.Action.STOP, "mda: libtorch in /t/torch/lib does "
                + "not match PyTorch JNI 2.7.1-0.36.0: loading it in a test process failed (exit 134, killed by "
                + "signal 6): Aborted; stopping because --device gpu was asked for"),
                GpuStartupCheck.decide(ready, crashed, JNI, Devices.Preference.GPU));
        assertEquals(GpuStartupCheck.Action.FALL_BACK,
                GpuStartupCheck.decide(ready, crashed, JNI, Devices.Preference.AUTO).action());
    }

    @Test
    void theCpuRerunDropsOnlyTheLibtorchVariablesAndTheLauncherMarker() {
        Map<String, String> out = GpuStartupCheck.cpuEnvironment(Map.of(LibtorchCheck.PATH_VAR, "/x",
                LibtorchCheck.VERSION_VAR, "2.7.1", LibtorchCheck.FLAVOR_VAR, "cu128", "HOME", "/home/u",
                "_JPACKAGE_LAUNCHER", "12345"));
        assertEquals(Map.of("HOME", "/home/u"), out);
    }

    @Test
    void theRerunIsTheSameLauncherWithTheSameArguments() {
        List<String> cmd = GpuStartupCheck.relaunchCommand(info("/opt/mda-workbench/bin/mda",
                new String[] {"demo", "-p", "x"}), new String[] {"demo", "-p", "x"}, Main.class);
        assertEquals(List.of("/opt/mda-workbench/bin/mda", "demo", "-p", "x"), cmd);

        List<String> java = GpuStartupCheck.relaunchCommand(info(null, null), new String[] {"demo"}, Main.class);
        assertTrue(java.get(0).endsWith("java"), java.toString());
        assertEquals(List.of("-cp", System.getProperty("java.class.path"), "mda.app.cli.Main", "demo"),
                java.subList(java.size() - 4, java.size()));
    }

    /** End to end in a child JVM: an override without libtorch stops `--device gpu` and reruns anything else. */
    @Test
    void aMissingLibraryStopsAnExplicitGpuRunAndOtherwiseFallsBack() throws Exception {
        Map<String, String> env = Map.of(LibtorchCheck.PATH_VAR, tmp.toString(), LibtorchCheck.VERSION_VAR, "2.7.1",
                LibtorchCheck.FLAVOR_VAR, "cu128");
        Run stop = main(env, "demo", "--device", "gpu", "-p", tmp.resolve("never").toString());
        assertEquals(2, stop.code, stop.err);
        assertEquals("mda: PYTORCH_LIBRARY_PATH=" + tmp + " has no " + System.mapLibraryName("torch") + " (point it "
                + "at torch/lib of a pip torch==2.7.1+cu128); stopping because --device gpu was asked for\n", stop.err);

        Run fallBack = main(env, "--version");
        assertEquals(0, fallBack.code, fallBack.err);
        assertEquals(1, fallBack.err.lines().count(), fallBack.err);
        assertTrue(fallBack.err.endsWith("; using the bundled CPU libtorch instead\n"), fallBack.err);
        assertEquals("MDA Workbench 0.1.0\n", fallBack.out); // printed by the re-run, which saw no override
    }

    private record Run(int code, String out, String err) {}

    private static Run main(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        // small outputs: reading one stream after the other cannot fill a pipe
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    private static ProcessHandle.Info info(String command, String[] arguments) {
        return new ProcessHandle.Info() {
            @Override public Optional<String> command() { return Optional.ofNullable(command); }
            @Override public Optional<String> commandLine() { return Optional.empty(); }
            @Override public Optional<String[]> arguments() { return Optional.ofNullable(arguments); }
            @Override public Optional<Instant> startInstant() { return Optional.empty(); }
            @Override public Optional<Duration> totalCpuDuration() { return Optional.empty(); }
            @Override public Optional<String> user() { return Optional.empty(); }
        };
    }
}
