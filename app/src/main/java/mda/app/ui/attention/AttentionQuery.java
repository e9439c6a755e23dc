package mda.app.ui.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import mda.engine.attribution.AttributionData;
import mda.engine.corpus.Samples;
import mda.engine.corpus.TokenStore;
import mda.engine.corpus.Tokenizer;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.model.Taps;
import mda.engine.probe.EvalSets;
import mda.engine.store.CheckpointRecord;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.TrainRuns;
import mda.engine.util.SplitMix64;

/**
 * Engine glue of the Attention map: builds inputs (repeated random tokens, a corpus sample, typed text or ids)
 * and runs the checkpoint's model forward with {@link Taps#recordAttention} to read one head's pattern. Keeps
 * the last loaded checkpoint so moving between heads does not reload it. Call from one thread.
 */
public final class AttentionQuery implements AutoCloseable {
    private final ai.djl.Device device;
    private NDManager manager;
    private NeoxModel model;
    private String loadedPath;
    private Tokenizer tokenizer;
    private long tokenizerCorpus = -1;

    /** Runs checkpoints on the engine's default device. */
    public AttentionQuery() {
        this(null);
    }

    /** Runs checkpoints on {@code device} (null: the engine's default). */
    public AttentionQuery(ai.djl.Device device) {
        this.device = device;
    }

    /** The stored checkpoints of {@code run} that have weights, by step. */
    public static List<Long> checkpointSteps(Project project, RunRecord run) {
        List<Long> out = new ArrayList<>();
        for (CheckpointRecord c : project.checkpoints().list(run.id())) {
            if (c.hasWeights()) {
                out.add(c.step());
            }
        }
        return out;
    }

    /** One sequence of {@code repeatLength} random tokens followed by the same tokens again (the probe set's kind). */
    public static int[] repeatedRandom(ModelConfig cfg, int repeatLength, long seed) {
        if (2 * repeatLength > cfg.ctx()) {
            throw new IllegalArgumentException("repeat length " + repeatLength + " does not fit twice in the context of "
                    + cfg.ctx() + " tokens");
        }
        return EvalSets.repeatedRandomTokens(1, repeatLength, false, cfg.vocab(), 1,
                SplitMix64.stream(seed, SplitMix64.Stream.EVAL_SETS))[0];
    }

    /** The first ctx tokens of corpus sample {@code k} of the run's corpus. */
    public static int[] corpusSample(Project project, RunRecord run, long k) throws IOException {
        ModelConfig cfg = TrainRuns.modelConfig(run);
        CorpusRecord c = corpusOf(project, run);
        Samples samples = new Samples(TokenStore.open(project.blob(c.storePath())), cfg.ctx());
        if (k < 0 || k >= samples.sampleCount()) {
            throw new IllegalArgumentException("sample " + k + " does not exist; the corpus has "
                    + samples.sampleCount() + " samples of " + cfg.ctx() + " tokens");
        }
        return java.util.Arrays.copyOf(samples.sample(k), cfg.ctx());
    }

    /** Typed input: "ids: 5 9 12" as token ids, anything else as text for the corpus tokenizer. */
    public int[] typed(Project project, RunRecord run, String input) throws IOException {
        ModelConfig cfg = TrainRuns.modelConfig(run);
        String s = input == null ? "" : input.strip();
        int[] ids;
        if (s.startsWith("ids:")) {
            String[] parts = s.substring(4).trim().split("[\\s,]+");
            ids = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    ids[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("token ids: '" + parts[i] + "' is not a number");
                }
                if (ids[i] < 0 || ids[i] >= cfg.vocab()) {
                    throw new IllegalArgumentException("token id " + ids[i] + " is outside the vocabulary [0, "
                            + cfg.vocab() + ")");
                }
            }
        } else {
            ids = tokenizer(project, run).encode(s);
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("the input is empty: type text, or token ids as 'ids: 5 9 12'");
        }
        return ids.length > cfg.ctx() ? java.util.Arrays.copyOf(ids, cfg.ctx()) : ids;
    }

    /** Runs checkpoint {@code step} of {@code run} on {@code ids} and returns head {@code layer}.{@code head}. */
    public AttentionMap compute(Project project, RunRecord run, long step, int layer, int head, int[] ids)
            throws IOException {
        ModelConfig cfg = TrainRuns.modelConfig(run);
        if (layer < 0 || layer >= cfg.layers() || head < 0 || head >= cfg.heads()) {
            throw new IllegalArgumentException("head L" + layer + ".H" + head + " does not exist in a " + cfg.layers()
                    + "-layer, " + cfg.heads() + "-head model");
        }
        CheckpointRecord ck = project.checkpoints().get(run.id(), step).orElseThrow(() ->
                new IllegalArgumentException("run '" + run.name() + "' has no checkpoint at step " + step));
        if (!ck.hasWeights()) {
            throw new IllegalArgumentException("checkpoint " + step + " of run '" + run.name()
                    + "' has no stored weights (only metrics)");
        }
        load(project.blob(ck.path()).toString(), project);
        double[][] w = new double[ids.length][ids.length];
        try (NDManager step0 = manager.newSubManager()) {
            NDArray x = step0.create(new int[][] {ids});
            Taps taps = new Taps().recordAttention(true);
            model.forward(x, taps);
            float[] a = taps.attention(layer).get(0, head).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .toFloatArray();
            for (int q = 0; q < ids.length; q++) {
                for (int k = 0; k < ids.length; k++) {
                    w[q][k] = a[q * ids.length + k];
                }
            }
        }
        Tokenizer tok = tokenizer(project, run);
        String[] labels = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            labels[i] = i + " " + tok.tokenString(ids[i]);
        }
        return new AttentionMap(run.id(), step, layer, head, ids.clone(), labels, w);
    }

    private void load(String path, Project project) throws IOException {
        if (path.equals(loadedPath)) {
            return;
        }
        close();
        manager = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device);
        model = ModelIO.load(java.nio.file.Path.of(path), manager);
        loadedPath = path;
    }

    private Tokenizer tokenizer(Project project, RunRecord run) throws IOException {
        CorpusRecord c = corpusOf(project, run);
        if (tokenizer == null || tokenizerCorpus != c.id()) {
            tokenizer = AttributionData.tokenizer(project, c);
            tokenizerCorpus = c.id();
        }
        return tokenizer;
    }

    private static CorpusRecord corpusOf(Project project, RunRecord run) {
        if (run.corpusId() == null) {
            throw new IllegalArgumentException("run '" + run.name() + "' has no corpus, so no tokenizer");
        }
        return project.corpora().get(run.corpusId()).orElseThrow(() ->
                new IllegalArgumentException("corpus " + run.corpusId() + " of run '" + run.name() + "' is missing"));
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
            model = null;
        }
        if (manager != null) {
            manager.close();
            manager = null;
        }
        loadedPath = null;
    }
}
