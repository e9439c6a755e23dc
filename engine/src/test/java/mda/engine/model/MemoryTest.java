package mda.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Forward work belongs to the caller's step manager or scope, never to the model's manager. */
class MemoryTest {
    private static final ModelConfig CFG = ForwardOracleTest.MLP;
    private static final int[][] TARGETS = {{7, 0, 10, 3, 5}, {1, 9, 4, 2, 8}};

    @Test
    void repeatedStepsInSubManagersDoNotGrowTheModelManager() {
        try (NDManager root = NDManager.newBaseManager(); NeoxModel model = NeoxModel.init(CFG, 3, root)) {
            try (NDManager warm = root.newSubManager()) {
                model.forward(warm.create(ForwardOracleTest.IDS), null); // builds the T=5 tables once
            }
            int before = model.manager().getManagedArrays().size();
            for (int i = 0; i < 50; i++) {
                try (NDManager step = root.newSubManager()) {
                    Taps taps = new Taps().recordAttention(true).recordHeadOutputs(true).recordFinalLnScale(true)
                            .gradientTapLayer(i % 2);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = model.forward(step.create(ForwardOracleTest.IDS), taps);
                        gc.backward(NeoxModel.sumLoss(logits, step.create(TARGETS)));
                    }
                    taps.qkvOutputGrad();
                    taps.denseOutputGrad();
                }
            }
            assertEquals(before, model.manager().getManagedArrays().size(), "model manager array count");
        }
    }

    @Test
    void tablesBuiltInsideAScopeSurviveIt() {
        try (NDManager root = NDManager.newBaseManager(); NeoxModel model = NeoxModel.init(CFG, 3, root)) {
            float[] first;
            try (NDScope ignored = new NDScope()) {
                first = model.forward(root.create(ForwardOracleTest.IDS), null).toFloatArray();
            }
            int count = model.manager().getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                try (NDScope ignored = new NDScope()) {
                    float[] again = model.forward(root.create(ForwardOracleTest.IDS), null).toFloatArray();
                    assertEquals(first[7], again[7], 0f);
                }
            }
            assertEquals(count, model.manager().getManagedArrays().size());
        }
    }

    @Test
    void parameterGradientsAreHandedToTheStepAndCanBeZeroed() {
        try (NDManager root = NDManager.newBaseManager(); NeoxModel model = NeoxModel.init(CFG, 3, root)) {
            model.setRequiresGradient(true);
            float[] firstGrad = null;
            int count = -1;
            for (int i = 0; i < 5; i++) {
                try (NDManager step = root.newSubManager()) {
                    model.zeroGradients();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = model.forward(step.create(ForwardOracleTest.IDS), null);
                        gc.backward(NeoxModel.meanLoss(logits, step.create(TARGETS)));
                    }
                    float[] g = model.gradient(NeoxNames.qkvWeight(0), step).toFloatArray();
                    if (firstGrad == null) {
                        firstGrad = g;
                        count = model.manager().getManagedArrays().size();
                    }
                    assertArrayEquals(firstGrad, g, "zeroed gradients do not accumulate, step " + i);
                }
            }
            assertEquals(count, model.manager().getManagedArrays().size(), "model manager array count");
        }
    }
}
