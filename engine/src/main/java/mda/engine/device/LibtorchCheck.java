package mda.engine.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a user-supplied libtorch ({@code PYTORCH_LIBRARY_PATH}, e.g. a pip {@code torch==2.7.1+cu128}'s
 * {@code torch/lib}) against the PyTorch JNI on the class path, without loading it: DJL loads whatever libtorch that
 * variable names, and a libtorch of another version crashes the JVM instead of throwing. What cannot be read from
 * the folder (a libtorch without a version marker) is left to {@link LibtorchProbe}, which loads it in a child JVM.
 */
public final class LibtorchCheck {
    public static final String PATH_VAR = "PYTORCH_LIBRARY_PATH";
    public static final String VERSION_VAR = "PYTORCH_VERSION";
    public static final String FLAVOR_VAR = "PYTORCH_FLAVOR";

    private static final Pattern MARKER = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:\\+([A-Za-z0-9]+))?");

    private LibtorchCheck() {}

    /** What the check found. */
    public enum Status {
        /** No override: DJL uses the CPU libtorch bundled in the native jar. */
        BUNDLED,
        /** The override passes every check that can be made without loading it. */
        READY,
        /** The override cannot work with this JNI; {@link Result#problem()} says why in one line. */
        MISMATCH
    }

    /**
     * The outcome of a check.
     *
     * @param dir the folder holding libtorch, when the override names one
     * @param flavor {@code PYTORCH_FLAVOR} (e.g. {@code cu128}), when set
     * @param marker the version read from the installation's marker file (e.g. {@code 2.7.1+cu128}), when found
     * @param problem one line saying what does not match and what to set, for {@link Status#MISMATCH}
     */
    public record Result(Status status, Path dir, String flavor, String marker, String problem) {
        static Result bundled() {
            return new Result(Status.BUNDLED, null, null, null, null);
        }

        static Result mismatch(Path dir, String problem) {
            return new Result(Status.MISMATCH, dir, null, null, problem);
        }

        /** The same result turned into a mismatch, e.g. after the child-process probe failed. */
        public Result failed(String why) {
            return new Result(Status.MISMATCH, dir, flavor, marker, why);
        }
    }

    /**
     * What the PyTorch JNI on the class path was built for.
     *
     * @param torchVersion the libtorch version it links against, e.g. {@code 2.7.1}
     * @param jniVersion the full JNI version, e.g. {@code 2.7.1-0.36.0}
     * @param classifier this platform, e.g. {@code linux-x86_64}
     * @param flavors the flavors it ships a JNI library for on this platform, e.g. {@code [cpu, cu128]}
     */
    public record Jni(String torchVersion, String jniVersion, String classifier, TreeSet<String> flavors) {}

    /** Reads the JNI's version and flavors from {@code jnilib/} of the pytorch-jni jar on the class path. */
    public static Jni jniOnClassPath() {
        ClassLoader cl = LibtorchCheck.class.getClassLoader();
        URL props = cl.getResource("jnilib/pytorch.properties");
        if (props == null) {
            throw new IllegalStateException("the PyTorch JNI (ai.djl.pytorch:pytorch-jni) is not on the class path");
        }
        String jniVersion;
        try (InputStream in = props.openStream()) {
            Properties p = new Properties();
            p.load(in);
            jniVersion = p.getProperty("jni_version", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + props, e);
        }
        String classifier = classifier();
        TreeSet<String> flavors = new TreeSet<>();
        String prefix = "jnilib/" + classifier + "/";
        String lib = System.mapLibraryName("djl_torch");
        try {
            if (props.openConnection() instanceof JarURLConnection) {
                JarFile jar = ((JarURLConnection) props.openConnection()).getJarFile();
                for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                    String name = en.nextElement().getName();
                    if (name.startsWith(prefix) && name.endsWith("/" + lib)) {
                        flavors.add(name.substring(prefix.length(), name.length() - lib.length() - 1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the PyTorch JNI jar " + props, e);
        }
        int dash = jniVersion.indexOf('-');
        return new Jni(dash > 0 ? jniVersion.substring(0, dash) : jniVersion, jniVersion, classifier, flavors);
    }

    /** DJL's platform classifier for this machine, e.g. {@code linux-x86_64} or {@code osx-aarch64}. */
    public static String classifier() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.startsWith("mac") ? "osx" : os.startsWith("win") ? "win" : "linux";
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
        return o + "-" + a;
    }

    /**
     * Checks the override named by {@code env} (the process environment, or a test's map) against {@code jni}.
     * The first problem found is reported; a folder without a version marker passes as {@link Status#READY}.
     */
    public static Result inspect(Map<String, String> env, Jni jni) {
        String path = env.get(PATH_VAR);
        if (path == null || path.isBlank()) {
            return Result.bundled();
        }
        String libName = System.mapLibraryName("torch");
        Path dir = null;
        for (String entry : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p.resolve(libName))) {
                dir = p.toAbsolutePath().normalize();
                break;
            }
        }
        if (dir == null) {
            return Result.mismatch(null, PATH_VAR + "=" + path + " has no " + libName
                    + " (point it at torch/lib of a pip torch==" + jni.torchVersion() + "+cu128)");
        }
        String flavor = env.get(FLAVOR_VAR);
        String cudaFlavors = String.join(", ", jni.flavors().stream().filter(f -> f.startsWith("cu")).toList());
        if (flavor == null || flavor.isBlank()) {
            return Result.mismatch(dir, FLAVOR_VAR + " is not set for the libtorch in " + dir + "; set it to "
                    + (cudaFlavors.isEmpty() ? "cpu" : cudaFlavors) + " (the CUDA build this JNI "
                    + jni.jniVersion() + " supports)");
        }
        if (!jni.flavors().contains(flavor)) {
            return Result.mismatch(dir, FLAVOR_VAR + "=" + flavor + " has no JNI in pytorch-jni " + jni.jniVersion()
                    + " for " + jni.classifier() + " (it has: " + String.join(", ", jni.flavors()) + ")");
        }
        String version = env.get(VERSION_VAR);
        if (!jni.torchVersion().equals(version)) {
            return Result.mismatch(dir, VERSION_VAR + (version == null ? " is not set" : "=" + version + " is wrong")
                    + "; the JNI " + jni.jniVersion() + " needs libtorch " + jni.torchVersion() + ", so set "
                    + VERSION_VAR + "=" + jni.torchVersion() + " and use that libtorch");
        }
        MarkerFile marker = readMarker(dir);
        if (marker != null) {
            Matcher m = MARKER.matcher(marker.text);
            if (!m.find()) {
                return Result.mismatch(dir, "cannot read the libtorch version from " + marker.file
                        + " (\"" + marker.text + "\")");
            }
            String found = m.group(1);
            String foundFlavor = m.group(2) == null ? "cpu" : m.group(2);
            if (!found.equals(jni.torchVersion()) || !foundFlavor.equals(flavor)) {
                return Result.mismatch(dir, "libtorch in " + dir + " is " + m.group() + " (" + marker.file
                        + ") but this build needs " + jni.torchVersion() + "+" + flavor + " (PyTorch JNI "
                        + jni.jniVersion() + ")");
            }
            return new Result(Status.READY, dir, flavor, m.group(), null);
        }
        return new Result(Status.READY, dir, flavor, null, null);
    }

    private record MarkerFile(Path file, String text) {}

    /** pip wheels keep the version in torch/version.py beside torch/lib; libtorch zips in build-version. */
    private static MarkerFile readMarker(Path libDir) {
        Path parent = libDir.getParent();
        if (parent == null) {
            return null;
        }
        for (String name : new String[] {"version.py", "build-version"}) {
            Path f = parent.resolve(name);
            if (Files.isRegularFile(f)) {
                try {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    for (String line : text.split("\\R")) {
                        if (name.equals("build-version") || line.startsWith("__version__")) {
                            return new MarkerFile(f, line.trim());
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + f, e);
                }
            }
        }
        return null;
    }
}
