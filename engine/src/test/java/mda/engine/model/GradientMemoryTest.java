package mda.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backward pass reads only memory the model keeps: collecting garbage between forward and backward, and
 * scribbling over whatever memory that frees, leaves every parameter gradient bit for bit the same. (A number passed
 * to DJL as {@code x.mul(0.35)} becomes an array that DJL frees at once while autograd keeps it for the backward.)
 */
class GradientMemoryTest {
    private static final ModelConfig CFG = ForwardOracleTest.MLP;

    private static double[] gradients(Map<String, double[]> p, DataType dtype, boolean scribble) throws Exception {
        try (NDManager m = NDManager.newBaseManager();
             NeoxModel model = TestParams.model(CFG, p, m, dtype)) {
            model.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                var loss = NeoxModel.meanLoss(model.forward(m.create(ForwardOracleTest.IDS), null),
                        m.create(new int[][] {{7, 0, 10, 3, 5}, {1, 9, 4, 2, 8}}));
                if (scribble) {
                    scribble();
                }
                gc.backward(loss);
            }
            List<Double> all = new ArrayList<>();
            for (String name : List.of(NeoxNames.qkvWeight(0), NeoxNames.qkvWeight(1), NeoxNames.EMBED_IN)) {
                for (double v : TestParams.toDoubles(model.param(name).getGradient())) {
                    all.add(v);
                }
            }
            return all.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** Lets the collector free unreachable direct buffers, then fills fresh ones, likely in the memory just freed. */
    private static void scribble() throws InterruptedException {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            System.gc();
            Thread.sleep(30);
            for (int i = 0; i < 400; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(8 + (i % 8) * 8);
                while (b.hasRemaining()) {
                    b.put((byte) 0x41);
                }
                keep.add(b);
            }
        }
    }

    @Test
    void gradientsDoNotDependOnTheGarbageCollector() throws Exception {
        Map<String, double[]> p = TestParams.random(CFG, 21, 0.5);
        for (DataType dtype : List.of(DataType.FLOAT64, DataType.FLOAT32)) {
            double[] quiet = gradients(p, dtype, false);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(quiet, gradients(p, dtype, true), dtype + " try " + i);
            }
        }
    }
}
