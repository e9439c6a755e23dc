package mda.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mda.engine.attribution.AttributionScores;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.device.Devices;
import mda.engine.jobs.CancellationToken;
import mda.engine.jobs.JobRunner;
import mda.engine.jobs.ProgressListener;
import mda.engine.model.ModelConfig;
import mda.engine.store.AttributionRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.CheckpointPolicy;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainJob;
import mda.engine.train.TrainRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mda attribute} with two probes at once: one summary line and one attribution per probe; bad lists. */
class AttributeCliTest {
    @TempDir
    Path tmp;

    @Test
    void twoProbesGiveOneAttributionEachThatTopReads() throws Exception {
        Path dir = tmp.resolve("proj");
        try (Project p = Project.create(dir)) {
            ProgressListener quiet = ProgressListener.none();
            JobRunner.runInProcess(p, new SyntheticImportJob(new SyntheticImportJob.Params("syn", 32, 60, 40, 80, 0.1,
                    0.01, 0.0, 0.1, 8, 3)), "{}", quiet, new CancellationToken());
            TrainConfig d = TrainConfig.defaults("toy-attn2", 8, 24, 5);
            TrainConfig tc = new TrainConfig("toy-attn2", 8, 24, 3e-3, 2, d.minLrRatio(), d.beta1(), d.beta2(),
                    d.eps(), 0.01, d.clipNorm(), 5, 1, Devices.Preference.CPU, CheckpointPolicy.dense());
            ModelConfig cfg = new ModelConfig(2, 16, 2, 0, 16, 32, 0.5, 10000, 1e-5, "neox");
            RunRecord run = TrainRuns.createOrFind(p, "toy", "syn", cfg, tc);
            JobRunner.runInProcess(p, new TrainJob(run.id()), "{}", quiet, new CancellationToken());
        }
        String p = dir.toString();
        CliRun.of("attribute", "-p", p, "--threads", "1", "--device", "cpu", "--head", "1.0", "--checkpoint", "16",
                "--probe", "copy_target_synthetic,nope").badInput("unknown probe 'nope'");
        CliRun.of("attribute", "-p", p, "--threads", "1", "--device", "cpu", "--head", "1.0", "--checkpoint", "16",
                "--probe", "ind_attn,ind_attn").badInput("listed twice");

        CliRun r = CliRun.of("attribute", "-p", p, "--threads", "1", "--device", "cpu", "--head", "1.0",
                "--checkpoint", "16", "--probe", "copy_target_synthetic,ind_attn", "--fit-samples", "40", "--batch",
                "8").ok();
        Matcher m = Pattern.compile("attribution (\\d+) \\((\\w+)\\): ([\\d,]+) samples scored").matcher(r.out());
        List<String> probes = new java.util.ArrayList<>();
        List<Long> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
            probes.add(m.group(2));
        }
        assertEquals(List.of("copy_target_synthetic", "ind_attn"), probes, r.out());
        try (Project pr = Project.open(dir)) {
            for (int i = 0; i < 2; i++) {
                AttributionRecord rec = pr.attributions().get(ids.get(i)).orElseThrow();
                assertEquals(probes.get(i), rec.probe());
                assertEquals("scored", rec.status());
                assertTrue(AttributionScores.load(pr.blob(rec.scoresPath())).size() > 60);
            }
        }
        for (int i = 0; i < 2; i++) {
            CliRun top = CliRun.of("top", "-p", p, "--attribution", Long.toString(ids.get(i)), "--k", "3").ok();
            assertTrue(top.out().contains("attribution " + ids.get(i) + ": L1.H0 of run toy at step 16, probe "
                    + probes.get(i)), top.out());
        }
    }
}
