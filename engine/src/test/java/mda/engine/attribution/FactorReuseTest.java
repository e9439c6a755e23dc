package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mda.engine.store.AttributionRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another probe of the same head, checkpoint, mode and damping takes a finished attribution's factors instead of
 * refitting them, when they were fitted the same way; they equal what a fresh fit gives.
 */
class FactorReuseTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondProbeTakesTheFactorsAFitWouldGive() throws Exception {
        try (Project p = Project.create(tmp.resolve("proj"))) {
            RunRecord run = KillFixture.trainedRun(p, 60, 8, 24);
            AttributionRecord first = attribute(p, run, "copy_target_synthetic", 40, new ArrayList<>(),
                    new ArrayList<>());
            byte[] fitted = Files.readAllBytes(p.blob(first.factorsPath()));
            assertTrue(Files.exists(p.blob("attributions/" + first.id() + "/" + FitRecipe.FILE)));

            List<String> log = new ArrayList<>();
            List<String> progress = new ArrayList<>();
            AttributionRecord second = attribute(p, run, "ind_attn", 40, log, progress);
            assertTrue(log.contains("reusing fitted factors attributions/" + first.id() + "/factors.bin"),
                    log.toString());
            assertTrue(progress.stream().noneMatch(s -> s.startsWith("fit-")), "no fit: " + progress);
            assertArrayEquals(fitted, Files.readAllBytes(p.blob(second.factorsPath())));
            float[] reusedScores = AttributionScores.load(p.blob(second.scoresPath())).scores();
            assertEquals(FitRecipe.read(p.blob("attributions/" + first.id() + "/" + FitRecipe.FILE)),
                    FitRecipe.read(p.blob("attributions/" + second.id() + "/" + FitRecipe.FILE)));

            // fitted another way (a smaller subset): a fit of its own
            log.clear();
            progress.clear();
            AttributionRecord smaller = attribute(p, run, "ind_attn", 30, log, progress);
            assertTrue(log.stream().noneMatch(l -> l.startsWith("reusing")), log.toString());
            assertTrue(progress.contains("fit-covariance 30"), progress.toString());

            // an unfinished row fitted another way is not resumed from: it takes the factors of the way asked for
            // (here the finished 30-sample ones) and drops the shards it scored with the old ones
            p.attributions().update(second.id(), "factors", second.factorsPath(), null);
            Path folder = KillFixture.dir(p, second.id());
            Files.delete(p.blob(second.scoresPath()));
            Files.writeString(folder.resolve("shard-00000.bin"), "scored with the 40-sample factors");
            Files.writeString(folder.resolve("shard-00000.tok"), "scored with the 40-sample factors");
            log.clear();
            progress.clear();
            AttributionRecord refit = attribute(p, run, "ind_attn", 30, log, progress);
            assertEquals(second.id(), refit.id(), "the unfinished row is finished");
            assertTrue(log.contains("reusing fitted factors attributions/" + smaller.id() + "/factors.bin"),
                    log.toString());
            assertArrayEquals(Files.readAllBytes(p.blob(smaller.factorsPath())), Files.readAllBytes(p.blob(
                    refit.factorsPath())), "the 30-sample factors replace the 40-sample ones");
            assertEquals(FitRecipe.of(new AttributionJob.Params(run.id(), 16, 1, 0, "ind_attn", HeadSlice.Mode.QKVO,
                    0.1, 30, 8)), FitRecipe.read(folder.resolve(FitRecipe.FILE)));
            assertArrayEquals(AttributionScores.load(p.blob(smaller.scoresPath())).scores(),
                    AttributionScores.load(p.blob(refit.scoresPath())).scores());

            // what the second probe took is what a fresh fit of it gives: with no recipe left, nothing is reused
            KillFixture.forgetRecipes(p, run);
            log.clear();
            AttributionRecord fresh = attribute(p, run, "ind_attn", 40, log, new ArrayList<>());
            assertTrue(log.stream().noneMatch(l -> l.startsWith("reusing")), log.toString());
            assertArrayEquals(fitted, Files.readAllBytes(p.blob(fresh.factorsPath())), "the fit is deterministic");
            assertArrayEquals(reusedScores, AttributionScores.load(p.blob(fresh.scoresPath())).scores());
            assertTrue(smaller.id() != fresh.id());
        }
    }

    private static AttributionRecord attribute(Project p, RunRecord run, String probe, int fitSequences,
            List<String> log, List<String> progress) throws Exception {
        AttributionJob.Params params = new AttributionJob.Params(run.id(), 16, 1, 0, probe, HeadSlice.Mode.QKVO, 0.1,
                fitSequences, 8);
        return KillFixture.run(p, new AttributionJob(params, Device.cpu()), log, progress).record();
    }
}
