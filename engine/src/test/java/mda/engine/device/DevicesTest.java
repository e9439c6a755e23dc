package mda.engine.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class DevicesTest {
    @Test
    void cpuIsAlwaysAvailableAndComputes() {
        Device cpu = Devices.choose(Devices.Preference.CPU);
        assertEquals(Device.cpu(), cpu);
        try (NDManager m = NDManager.newBaseManager(cpu)) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            float[] p = a.matMul(a).toFloatArray();
            assertEquals(7f, p[0]);
            assertEquals(22f, p[3]);
        }
        assertTrue(Devices.describe(cpu).contains("PyTorch"));
    }
}
