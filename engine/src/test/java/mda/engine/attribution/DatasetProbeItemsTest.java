package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import mda.engine.corpus.Samples;
import mda.engine.corpus.SyntheticCorpus;
import mda.engine.corpus.TokenStore;
import mda.engine.probe.EvalSets;
import mda.engine.train.CheckpointMeasurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The items of the {@code copy_target_dataset} probe: windows of the run's own corpus, never the held-out ones. */
class DatasetProbeItemsTest {
    private static final int CTX = 32;

    @TempDir
    Path tmp;

    @Test
    void itemsAreDistinctSeededCorpusWindowsWithRepeatsAndNeverHeldOut() throws Exception {
        SyntheticCorpus.Params params = SyntheticCorpus.Params.defaults(64, 60).withLengths(32, 96);
        try (TokenStore store = SyntheticCorpus.writeStore(tmp.resolve("store"), params, 3)) {
            Samples samples = new Samples(store, CTX);
            long count = samples.sampleCount();
            Map<String, Long> byPrefix = new HashMap<>();
            for (long id = 0; id < count; id++) {
                byPrefix.putIfAbsent(Arrays.toString(Arrays.copyOf(samples.sample(id), CTX)), id);
            }
            int[][] items = Probe.datasetItems(samples, CTX, 7, Probe.DEFAULT_ITEMS);
            assertEquals(Probe.DEFAULT_ITEMS, items.length);
            Set<Long> ids = new HashSet<>();
            for (int[] item : items) {
                assertEquals(CTX, item.length);
                Long id = byPrefix.get(Arrays.toString(item));
                assertTrue(id != null, "each item is the start of a corpus window");
                assertTrue(id < count - CheckpointMeasurement.HELD_OUT, "window " + id + " is held out for metrics");
                assertTrue(ids.add(id), "window " + id + " drawn twice");
                assertTrue(EvalSets.inductionQueries(item).size() > 0, "an item without a repeated token");
            }
            assertArrayEquals(items, Probe.datasetItems(samples, CTX, 7, Probe.DEFAULT_ITEMS));
            assertFalse(Arrays.deepEquals(items, Probe.datasetItems(samples, CTX, 8, Probe.DEFAULT_ITEMS)));
            Probe probe = new Probe("copy_target_dataset", 1, 0);
            assertTrue(probe.usesDataset());
            assertFalse(new Probe("copy_target_synthetic", 1, 0).usesDataset());

            IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                    () -> Probe.datasetItems(samples, CTX, 7, (int) count));
            assertTrue(tooMany.getMessage().contains("held out"), tooMany.getMessage());
        }
    }
}
