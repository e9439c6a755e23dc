package mda.engine.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.LibUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child-process probe, on real libraries: the CPU libtorch through the override loads, a broken one does not. */
class LibtorchProbeTest {
    @TempDir
    Path tmp;

    @Test
    void theCpuLibtorchThroughTheOverrideLoadsInAChildJvm() {
        Devices.engine(); // extracts the bundled libtorch into DJL's cache; that folder is a real libtorch 2.7.1
        String dir = LibUtils.getLibtorchPath();
        LibtorchProbe.Outcome out = LibtorchProbe.run(Map.of(LibtorchCheck.PATH_VAR, dir,
                LibtorchCheck.VERSION_VAR, "2.7.1", LibtorchCheck.FLAVOR_VAR, "cpu"));
        assertTrue(out.ok(), String.valueOf(out.detail()));
        assertEquals("2.7.1", out.version());
        assertEquals(0, out.gpus());
    }

    @Test
    void aBrokenLibtorchFailsInTheChildNotHere() throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Files.writeString(lib.resolve(System.mapLibraryName("torch")), "not an ELF file");
        LibtorchProbe.Outcome out = LibtorchProbe.run(Map.of(LibtorchCheck.PATH_VAR, lib.toString(),
                LibtorchCheck.VERSION_VAR, "2.7.1", LibtorchCheck.FLAVOR_VAR, "cpu"));
        assertFalse(out.ok());
        assertTrue(out.detail().startsWith("loading it in a test process failed (exit "), out.detail());
        assertTrue(out.detail().contains("UnsatisfiedLinkError"), out.detail()); // the root cause, not "... 3 more"
    }

    @Test
    void theSummaryOfAFailureIsItsMostTellingLine() {
        assertEquals("java.lang.UnsatisfiedLinkError: /x/libtorch.so: invalid ELF header",
                LibtorchProbe.summary("Exception in thread \"main\" ai.djl.engine.EngineException: Failed to load\n"
                        + "\tat ai.djl.Foo.bar(Foo.java:1)\nCaused by: java.lang.UnsatisfiedLinkError: "
                        + "/x/libtorch.so: invalid ELF header\n\t... 3 more\n"));
        assertEquals("SIGSEGV (0xb) at pc=0x00007f, pid=42, tid=43", LibtorchProbe.summary("#\n# A fatal error has "
                + "been detected by the Java Runtime Environment:\n#\n#  SIGSEGV (0xb) at pc=0x00007f, pid=42, tid=43\n"
                + "# Problematic frame:\n# C  [libtorch_cpu.so+0x1234]\n"));
        assertEquals("(no output)", LibtorchProbe.summary("\n  \n"));
    }

    @Test
    void aRememberedLibraryIsNotProbedAgain() throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("torch/lib"));
        Files.writeString(lib.resolve(System.mapLibraryName("torch")), "x");
        LibtorchCheck.Result ready = new LibtorchCheck.Result(LibtorchCheck.Status.READY, lib, "cu128", null, null);
        LibtorchCheck.Jni jni = LibtorchCheck.jniOnClassPath();
        Path cache = tmp.resolve("cache/libtorch-probe.properties");
        Files.createDirectories(cache.getParent());
        Properties p = new Properties();
        p.setProperty(LibtorchProbe.cacheKey(ready, jni), "2.7.1 3");
        try (OutputStream out = Files.newOutputStream(cache)) {
            p.store(out, null);
        }
        LibtorchProbe.Outcome out = LibtorchProbe.probe(ready, jni, cache);
        assertTrue(out.ok());
        assertEquals(3, out.gpus()); // only the cache can say 3: this machine's probe would see none

        // replacing the library changes the key, so it is probed again
        Files.writeString(lib.resolve(System.mapLibraryName("torch")), "a different library");
        assertFalse(LibtorchProbe.cacheKey(ready, jni).equals(p.stringPropertyNames().iterator().next()));
    }
}
