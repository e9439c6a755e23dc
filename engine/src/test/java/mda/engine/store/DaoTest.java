package mda.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaoTest {
    @TempDir
    Path tmp;
    Project p;

    @BeforeEach
    void setUp() {
        p = Project.create(tmp.resolve("p"));
    }

    @AfterEach
    void tearDown() {
        p.close();
    }

    @Test
    void corpusInsertUpdateAndLookup() {
        CorpusRecord c = p.corpora().insert(CorpusRecord.draft("demo", "maven-sources"));
        assertTrue(c.id() > 0 && c.created() > 0);
        p.corpora().update(new CorpusRecord(c.id(), "demo", "maven-sources", "corpora/1/tokenizer.json",
                "corpora/1/tokens.u16", 2048, 1_234_567, 890, 0, "{\"bytes\":1}"));
        CorpusRecord back = p.corpora().byName("demo").orElseThrow();
        assertEquals(2048, back.vocab());
        assertEquals(1_234_567, back.tokens());
        assertEquals("corpora/1/tokens.u16", back.storePath());
        assertEquals(c.created(), back.created());
        StoreException dup = assertThrows(StoreException.class, () -> p.corpora().insert(CorpusRecord.draft("demo", "x")));
        assertTrue(dup.getMessage().contains("UNIQUE"), dup.getMessage());
    }

    @Test
    void runsRecordStatusEnvironmentAndParents() {
        long corpus = p.corpora().insert(CorpusRecord.draft("c", "text")).id();
        RunRecord base = p.runs().insert(RunRecord.draft("base", corpus, "{\"layers\":2}", "{\"steps\":10}", 42));
        RunRecord child = p.runs().insert(RunRecord.draft("minus-top", corpus, "{\"layers\":2}", "{}", 42)
                .withParent(base.id(), "{\"kind\":\"remove-top\",\"k\":0.05}"));
        p.runs().setEnvironment(base.id(), "cpu()", "DJL 0.36.0", 1);
        p.runs().setStatus(base.id(), RunStatus.FAILED, "out of memory at step 3");
        RunRecord b = p.runs().get(base.id()).orElseThrow();
        assertEquals(RunStatus.FAILED, b.status());
        assertEquals("out of memory at step 3", b.error());
        assertEquals("cpu()", b.device());
        assertEquals(1, b.threads());
        assertEquals(List.of(child.id()), p.runs().children(base.id()).stream().map(RunRecord::id).toList());
        assertEquals("{\"kind\":\"remove-top\",\"k\":0.05}", p.runs().byName("minus-top").orElseThrow().planJson());
        assertThrows(StoreException.class, () -> p.runs().setStatus(999, RunStatus.DONE, null));
    }

    @Test
    void checkpointsListInStepOrderAndFindTheLatestWithWeights() {
        long run = p.runs().insert(RunRecord.draft("r", null, "{}", null, 1)).id();
        p.checkpoints().put(run, 100, 6400, "runs/1/100.safetensors");
        p.checkpoints().put(run, 10, 640, "runs/1/10.safetensors");
        p.checkpoints().put(run, 200, 12800, null);
        assertEquals(List.of(10L, 100L, 200L), p.checkpoints().list(run).stream().map(CheckpointRecord::step).toList());
        assertEquals(100, p.checkpoints().latestWithWeights(run).orElseThrow().step());
        assertFalse(p.checkpoints().get(run, 200).orElseThrow().hasWeights());
        p.checkpoints().put(run, 200, 12800, "runs/1/200.safetensors");
        assertEquals(200, p.checkpoints().latestWithWeights(run).orElseThrow().step());
    }

    @Test
    void attributionsKeepStageAndBlobPaths() {
        long run = p.runs().insert(RunRecord.draft("r", null, "{}", null, 1)).id();
        AttributionRecord a = p.attributions().insert(AttributionRecord.draft(run, 500, 1, 3, "rrt", "qk", 1e-3));
        assertEquals("created", a.status());
        p.attributions().update(a.id(), "factors", "attr/1/factors", null);
        p.attributions().update(a.id(), "scored", null, "attr/1/scores.f32");
        AttributionRecord b = p.attributions().get(a.id()).orElseThrow();
        assertEquals("scored", b.status());
        assertEquals("attr/1/factors", b.factorsPath());
        assertEquals("attr/1/scores.f32", b.scoresPath());
        assertEquals(1e-3, b.damping());
        assertEquals(1, p.attributions().forRun(run).size());
    }

    @Test
    void settingsOverwrite() {
        assertTrue(p.settings().get("threads").isEmpty());
        p.settings().put("threads", "4");
        p.settings().put("threads", "8");
        assertEquals("8", p.settings().get("threads").orElseThrow());
        assertNull(p.settings().get("nothing").orElse(null));
    }
}
