package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.probe.MetricKind;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.DataOrder;
import mda.engine.train.RunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mda checkpoint import --corpus} then {@code mda measure} and {@code mda heads}; the vocabulary refusal. */
class CheckpointMeasureCliTest {
    @TempDir
    Path tmp;

    @Test
    void importWithCorpusMeasuresAndRefusesACorpusWiderThanTheModel() throws Exception {
        Path dir = tmp.resolve("proj");
        String p = dir.toString();
        CliRun.of("project", "new", p).ok();
        CliRun.of("corpus", "import", "-p", p, "--synthetic", "--name", "small", "--vocab", "32", "--documents",
                "60").ok();
        CliRun.of("corpus", "import", "-p", p, "--synthetic", "--name", "wide", "--vocab", "48", "--documents",
                "60").ok();
        ModelConfig cfg = new ModelConfig(2, 16, 2, 32, 16, 32, 0.5, 10000, 1e-5, "neox");
        Path ckpt = tmp.resolve("ckpt");
        try (NDManager m = NDManager.newBaseManager(); NeoxModel model = NeoxModel.init(cfg, 3, m)) {
            ModelIO.save(model, ckpt);
        }

        CliRun.of("checkpoint", "import", "-p", p, ckpt.toString(), "--name", "big", "--step", "4", "--corpus",
                "wide").badInput("corpus 'wide' has a vocabulary of 48 tokens but the model has only 32");
        CliRun.of("checkpoint", "import", "-p", p, ckpt.toString(), "--name", "big", "--step", "4", "--corpus",
                "nope").badInput("no corpus named 'nope'");
        try (Project pr = Project.open(dir)) {
            assertTrue(pr.runs().byName("big").isEmpty(), "a refused import leaves no run");
        }

        CliRun.of("checkpoint", "import", "-p", p, ckpt.toString(), "--name", "tiny", "--step", "4", "--corpus",
                "small", "--order-batch", "3").ok();
        CliRun m = CliRun.of("measure", "-p", p, "--run", "tiny").ok();
        assertTrue(m.out().contains("measured run tiny at 1 checkpoint(s)"), m.out());
        CliRun h = CliRun.of("heads", "-p", p, "--run", "tiny").ok();
        assertTrue(h.out().contains("checkpoint step 4"), h.out());
        try (Project pr = Project.open(dir)) {
            RunRecord run = pr.runs().byName("tiny").orElseThrow();
            assertEquals(pr.corpora().byName("small").orElseThrow().id(), run.corpusId());
            DataOrder order = DataOrder.read(new RunFiles(pr, run.id()).order());
            assertEquals(4, order.steps());
            assertEquals(3, order.batchSize());
            assertEquals(DataOrder.Kind.SEQUENTIAL, order.kind());
            for (String kind : MetricKind.HEAD_KINDS) {
                assertEquals(2, pr.metrics().atStep(run.id(), 4, kind).length, kind);
            }
        }
        CliRun.of("measure", "-p", p, "--run", "tiny", "--step", "7").badInput("no stored weights at step 7");
        assertTrue(Files.exists(ckpt.resolve("config.json")));
    }
}
