package mda.engine.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static libtorch check: each wrong set-up gives its one-line message, a matching one passes. */
class LibtorchCheckTest {
    private static final LibtorchCheck.Jni JNI = new LibtorchCheck.Jni("2.7.1", "2.7.1-0.36.0", "linux-x86_64",
            new TreeSet<>(List.of("cpu", "cu128")));
    private static final String LIB = System.mapLibraryName("torch");

    @TempDir
    Path tmp;

    @Test
    void jniOnTheClassPathIsTheOneThePomPins() {
        LibtorchCheck.Jni jni = LibtorchCheck.jniOnClassPath();
        assertEquals("2.7.1", jni.torchVersion());
        assertEquals("2.7.1-0.36.0", jni.jniVersion());
        assertTrue(jni.flavors().contains("cpu"), jni.toString());
        if (jni.classifier().equals("linux-x86_64")) {
            assertTrue(jni.flavors().contains("cu128"), jni.toString());
        }
    }

    @Test
    void noOverrideMeansTheBundledCpuLibrary() {
        assertEquals(LibtorchCheck.Status.BUNDLED, LibtorchCheck.inspect(Map.of(), JNI).status());
        assertEquals(LibtorchCheck.Status.BUNDLED,
                LibtorchCheck.inspect(Map.of(LibtorchCheck.PATH_VAR, " "), JNI).status());
    }

    @Test
    void folderWithoutLibtorch() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("torch/lib"));
        LibtorchCheck.Result r = LibtorchCheck.inspect(env(empty, "2.7.1", "cu128"), JNI);
        assertEquals(LibtorchCheck.Status.MISMATCH, r.status());
        assertEquals("PYTORCH_LIBRARY_PATH=" + empty + " has no " + LIB
                + " (point it at torch/lib of a pip torch==2.7.1+cu128)", r.problem());
    }

    @Test
    void flavorMustBeSetAndSupported() throws IOException {
        Path lib = pipTorch("2.7.1+cu128");
        assertEquals("PYTORCH_FLAVOR is not set for the libtorch in " + lib + "; set it to cu128 (the CUDA build "
                + "this JNI 2.7.1-0.36.0 supports)", LibtorchCheck.inspect(env(lib, "2.7.1", null), JNI).problem());
        assertEquals("PYTORCH_FLAVOR=cu121 has no JNI in pytorch-jni 2.7.1-0.36.0 for linux-x86_64 (it has: cpu, cu128)",
                LibtorchCheck.inspect(env(lib, "2.7.1", "cu121"), JNI).problem());
    }

    @Test
    void versionMustBeTheJnisVersion() throws IOException {
        Path lib = pipTorch("2.7.1+cu128");
        assertEquals("PYTORCH_VERSION is not set; the JNI 2.7.1-0.36.0 needs libtorch 2.7.1, so set "
                + "PYTORCH_VERSION=2.7.1 and use that libtorch", LibtorchCheck.inspect(env(lib, null, "cu128"), JNI).problem());
        assertEquals("PYTORCH_VERSION=2.5.1 is wrong; the JNI 2.7.1-0.36.0 needs libtorch 2.7.1, so set "
                + "PYTORCH_VERSION=2.7.1 and use that libtorch", LibtorchCheck.inspect(env(lib, "2.5.1", "cu128"), JNI).problem());
    }

    @Test
    void wrongVersionMarkerOfAPipTorch() throws IOException {
        Path lib = pipTorch("2.5.1+cu121");
        LibtorchCheck.Result r = LibtorchCheck.inspect(env(lib, "2.7.1", "cu128"), JNI);
        assertEquals(LibtorchCheck.Status.MISMATCH, r.status());
        assertEquals("libtorch in " + lib + " is 2.5.1+cu121 (" + lib.getParent().resolve("version.py")
                + ") but this build needs 2.7.1+cu128 (PyTorch JNI 2.7.1-0.36.0)", r.problem());
    }

    @Test
    void rightVersionMarkersPass() throws IOException {
        Path pip = pipTorch("2.7.1+cu128");
        LibtorchCheck.Result r = LibtorchCheck.inspect(env(pip, "2.7.1", "cu128"), JNI);
        assertEquals(LibtorchCheck.Status.READY, r.status());
        assertEquals("2.7.1+cu128", r.marker());
        assertEquals(pip, r.dir());
        assertNull(r.problem());

        // a libtorch zip from pytorch.org: libtorch/build-version beside libtorch/lib; a cu126 build is wrong
        Path zip = Files.createDirectories(tmp.resolve("libtorch/lib"));
        Files.writeString(zip.resolve(LIB), "x");
        Files.writeString(zip.getParent().resolve("build-version"), "2.7.1+cu126\n");
        assertTrue(LibtorchCheck.inspect(env(zip, "2.7.1", "cu128"), JNI).problem().contains("is 2.7.1+cu126"));
        Files.writeString(zip.getParent().resolve("build-version"), "2.7.1+cu128\n");
        assertEquals(LibtorchCheck.Status.READY, LibtorchCheck.inspect(env(zip, "2.7.1", "cu128"), JNI).status());
    }

    @Test
    void folderWithoutMarkerIsLeftToTheProbe() throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("custom"));
        Files.writeString(lib.resolve(LIB), "x");
        // the first folder of a path list that holds libtorch is the one DJL loads
        String path = tmp.resolve("missing") + java.io.File.pathSeparator + lib;
        Map<String, String> env = env(lib, "2.7.1", "cu128");
        env.put(LibtorchCheck.PATH_VAR, path);
        LibtorchCheck.Result r = LibtorchCheck.inspect(env, JNI);
        assertEquals(LibtorchCheck.Status.READY, r.status());
        assertNull(r.marker());
    }

    @Test
    void askingForAGpuOnTheCpuBuildSaysWhatToDo() {
        if (Devices.engine().getGpuCount() > 0) {
            return; // a CUDA machine: nothing to refuse
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Devices.choose(Devices.Preference.GPU));
        assertTrue(e.getMessage().contains("see 'GPU set-up' in the README, or use --device cpu"), e.getMessage());
    }

    private Path pipTorch(String version) throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("site-packages/torch/lib"));
        Files.writeString(lib.resolve(LIB), "not really a library");
        Files.writeString(lib.getParent().resolve("version.py"),
                "from typing import Optional\n\n__all__ = ['__version__']\n__version__ = '" + version + "'\n");
        return lib;
    }

    private static Map<String, String> env(Path lib, String version, String flavor) {
        Map<String, String> env = new HashMap<>();
        env.put(LibtorchCheck.PATH_VAR, lib.toString());
        if (version != null) {
            env.put(LibtorchCheck.VERSION_VAR, version);
        }
        if (flavor != null) {
            env.put(LibtorchCheck.FLAVOR_VAR, flavor);
        }
        return env;
    }
}
