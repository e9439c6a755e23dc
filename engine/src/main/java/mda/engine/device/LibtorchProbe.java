package mda.engine.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Loads a user-supplied libtorch in a child JVM: a libtorch that does not match the JNI may crash the JVM that
 * loads it, so the workbench tries it in a throw-away process first. {@link #main} is that process: it loads the
 * engine, runs one small matrix product on the device it would pick, and prints one line.
 * Successful probes are remembered per library (path, size and time of its files) so that later starts are fast.
 */
public final class LibtorchProbe {
    static final String OK = "mda-libtorch-probe ok ";
    private static final long TIMEOUT_SECONDS = 180;

    private LibtorchProbe() {}

    /**
     * What the probe saw.
     *
     * @param ok whether libtorch loaded and computed
     * @param version the engine's libtorch version when ok
     * @param gpus the CUDA devices libtorch sees when ok
     * @param detail one line saying why not, when not ok
     */
    public record Outcome(boolean ok, String version, int gpus, String detail) {}

    /** The child process: prints {@code mda-libtorch-probe ok VERSION GPUS} and exits 0, or exits non-zero. */
    public static void main(String[] args) {
        Engine e = Engine.getEngine("PyTorch");
        int gpus = e.getGpuCount();
        try (NDManager m = NDManager.newBaseManager(gpus > 0 ? Device.gpu() : Device.cpu(), "PyTorch")) {
            NDArray a = m.arange(6f).reshape(2, 3);
            float s = a.matMul(a.transpose()).sum().getFloat();
            if (s != 83f) { // [[0,1,2],[3,4,5]] times its transpose is [[5,14],[14,50]]
                System.out.println("mda-libtorch-probe wrong result " + s);
                System.exit(4);
            }
        }
        System.out.println(OK + e.getVersion() + " " + gpus);
        System.exit(0);
    }

    /**
     * Probes the libtorch of {@code ready} (a {@link LibtorchCheck.Status#READY} result) in a child JVM that
     * inherits this process's environment, or answers from the cache of earlier successful probes.
     */
    public static Outcome probe(LibtorchCheck.Result ready, LibtorchCheck.Jni jni, Path cacheFile) {
        String key = cacheKey(ready, jni);
        Properties cache = load(cacheFile);
        String hit = cache.getProperty(key);
        if (hit != null) {
            String[] parts = hit.split(" ");
            return new Outcome(true, parts[0], Integer.parseInt(parts[1]), null);
        }
        Outcome out = run(Map.of());
        if (out.ok()) {
            cache.setProperty(key, out.version() + " " + out.gpus());
            store(cache, cacheFile);
        }
        return out;
    }

    /** Runs the probe now, in this process's environment plus {@code extraEnv}. */
    static Outcome run(Map<String, String> extraEnv) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        cmd.addAll(List.of("-Xmx256m", "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + tmp.resolve("mda-libtorch-probe-%p.log"),
                "-Dai.djl.offline=true", "-Dai.djl.default_engine=PyTorch", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-DOPT_OUT_TRACKING=true",
                "-cp", System.getProperty("java.class.path"), LibtorchProbe.class.getName()));
        Path log = null;
        try {
            // output goes to a file so that a hung child cannot block the reader past the timeout
            log = Files.createTempFile("mda-libtorch-probe", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(extraEnv);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Outcome(false, null, 0, "loading it did not finish within " + TIMEOUT_SECONDS + " s");
            }
            int rc = p.exitValue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            for (String line : output.split("\\R")) {
                if (rc == 0 && line.startsWith(OK)) {
                    String[] parts = line.substring(OK.length()).trim().split(" ");
                    return new Outcome(true, parts[0], Integer.parseInt(parts[1]), null);
                }
            }
            return new Outcome(false, null, 0, "loading it in a test process failed (exit " + rc
                    + (rc > 128 ? ", killed by signal " + (rc - 128) : "") + "): " + summary(output));
        } catch (IOException e) {
            return new Outcome(false, null, 0, "cannot start the test process: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, null, 0, "interrupted while loading it in a test process");
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /** The default cache: {@code $XDG_CACHE_HOME/mda-workbench/libtorch-probe.properties} (or ~/.cache). */
    public static Path defaultCacheFile() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mda-workbench").resolve("libtorch-probe.properties");
    }

    static String cacheKey(LibtorchCheck.Result r, LibtorchCheck.Jni jni) {
        StringBuilder key = new StringBuilder(r.dir() + "|" + r.flavor() + "|" + jni.jniVersion());
        for (String lib : new String[] {"torch", "torch_cpu", "torch_cuda", "c10"}) {
            Path f = r.dir().resolve(System.mapLibraryName(lib));
            try {
                if (Files.isRegularFile(f)) {
                    key.append('|').append(lib).append(':').append(Files.size(f)).append(':')
                            .append(Files.getLastModifiedTime(f).toMillis());
                }
            } catch (IOException e) {
                key.append('|').append(lib).append(":?");
            }
        }
        return key.toString();
    }

    /** The java that runs this JVM, else java.home/bin/java (a jpackage launcher is not a java). */
    static String javaExecutable() {
        Optional<String> cmd = ProcessHandle.current().info().command();
        if (cmd.isPresent() && Path.of(cmd.get()).getFileName().toString().startsWith("java")) {
            return cmd.get();
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase().contains("win");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
    }

    /**
     * The most telling line of a failed probe: the root cause of a Java exception, else the signal of a JVM crash
     * report ("#  SIGSEGV ..."), else the first error line, else the last line.
     */
    static String summary(String output) {
        String cause = null;
        String signal = null;
        String error = null;
        String last = "(no output)";
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            last = line;
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            } else if (signal == null && line.matches("#\\s+(SIG[A-Z]+|Internal Error).*")) {
                signal = line.substring(1).strip();
            } else if (error == null && (line.contains("Exception") || line.contains("Error"))) {
                error = line;
            }
        }
        String pick = cause != null ? cause : signal != null ? signal : error != null ? error : last;
        return pick.length() > 240 ? pick.substring(0, 240) + "..." : pick;
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return new Properties(); // an unreadable cache only costs a probe
            }
        }
        return p;
    }

    private static void store(Properties p, Path file) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "libtorch builds that loaded in a test process (MDA Workbench start-up check)");
            }
        } catch (IOException e) {
            // not fatal: the next start probes again
        }
    }
}
