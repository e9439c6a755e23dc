package mda.engine.attribution;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import mda.engine.corpus.Samples;
import mda.engine.corpus.TokenStore;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobContext;
import mda.engine.model.ModelConfig;
import mda.engine.model.ModelIO;
import mda.engine.model.NeoxModel;
import mda.engine.store.AttributionRecord;
import mda.engine.store.CheckpointRecord;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.DataOrder;
import mda.engine.train.RunFiles;
import mda.engine.train.TrainRuns;
import mda.engine.util.SplitMix64;
import org.ejml.data.DMatrixRMaj;

/**
 * EK-FAC influence of every candidate training sample on one head's probe at one checkpoint (spec §3.3–3.11).
 * Candidates are the distinct samples the run's data order schedules in steps [0, step) — the ones the checkpoint
 * has been trained on (§3.11). Stages: probe gradient, factor fit on a seeded subset of the candidates (in shards of
 * {@link EkfacFit#SHARD} with the running sums saved after each, so a killed fit continues where it stopped; the
 * result saved as {@code factors.bin} and reused on resume), scoring in shards of {@link #SHARD} samples (each saved; a resumed run
 * skips finished shards), then one score file (see {@link AttributionScores}) and the row marked {@code scored}.
 */
public final class AttributionJob implements Job<AttributionJob.Result> {
    /** Samples per saved scoring shard. */
    public static final int SHARD = 1024;

    /**
     * @param damping      relative damping factor (λ_b = damping · mean Λ_b, §3.6)
     * @param fitSequences cap on the fitting subset (default 10 000)
     * @param batch        sequences per forward pass
     */
    public record Params(long runId, long step, int layer, int head, String probe, HeadSlice.Mode mode,
                         double damping, int fitSequences, int batch) {
        public Params {
            new Probe(probe, layer, head); // validates the id
            if (!(damping > 0)) {
                throw new IllegalArgumentException("damping must be > 0, got " + damping);
            }
            if (fitSequences < 1 || batch < 1) {
                throw new IllegalArgumentException("fitSequences and batch must be ≥ 1, got " + fitSequences + ", "
                        + batch);
            }
        }

        public static Params defaults(long runId, long step, int layer, int head, String probe, HeadSlice.Mode mode) {
            return new Params(runId, step, layer, head, probe, mode, Damping.DEFAULT_FACTOR, 10_000, 16);
        }
    }

    /** The finished attribution: its row, the number of scores, their range, and f(θ) of the probe. */
    public record Result(AttributionRecord record, int count, double min, double max, double probeValue,
                         List<Block> skippedBlocks) {
    }

    private final Params params;
    private final Device device;

    public AttributionJob(Params params, Device device) {
        this.params = params;
        this.device = device;
    }

    @Override
    public String kind() {
        return "attribute";
    }

    @Override
    public Result run(JobContext ctx) throws Exception {
        Project project = ctx.project().orElseThrow(() -> new IllegalStateException("attribution needs a project"));
        RunRecord run = project.runs().get(params.runId())
                .orElseThrow(() -> new IllegalArgumentException("no run with id " + params.runId()));
        ModelConfig cfg = TrainRuns.modelConfig(run);
        CheckpointRecord ckpt = project.checkpoints().get(run.id(), params.step())
                .filter(CheckpointRecord::hasWeights)
                .orElseThrow(() -> new IllegalArgumentException("run " + run.name() + " has no stored weights at step "
                        + params.step() + "; pick a step listed by 'mda heads'"));
        CorpusRecord corpus = project.corpora().get(run.corpusId())
                .orElseThrow(() -> new IllegalArgumentException("run " + run.name() + " has no corpus"));
        Samples samples = new Samples(TokenStore.open(project.blob(corpus.storePath())), cfg.ctx());
        DataOrder order = DataOrder.read(new RunFiles(project, run.id()).order());
        long[] candidates = candidates(order, params.step());
        HeadSlice slice = HeadSlice.of(cfg, params.layer(), params.head(), params.mode(), true);
        AttributionRecord rec = findOrCreate(project);
        String dir = "attributions/" + rec.id();
        try (NDManager root = NDManager.newBaseManager(device);
             NeoxModel model = ModelIO.load(project.blob(ckpt.path()), root, DataType.FLOAT32)) {
            model.setRequiresGradient(false);
            HeadGradients grads = new HeadGradients(model, params.layer(), params.mode() == HeadSlice.Mode.QKVO);
            Probe probe = new Probe(params.probe(), params.layer(), params.head());

            ProbeGradient pg = new ProbeGradient(slice);
            int[][] items = Probe.items(cfg, run.seed(), Probe.DEFAULT_ITEMS);
            double fSum = 0;
            for (int s = 0; s < items.length; s += params.batch()) {
                HeadGradients.Result r = grads.probe(probe, Arrays.copyOfRange(items, s,
                        Math.min(items.length, s + params.batch())));
                pg.add(r.taps());
                for (double v : r.values()) {
                    fSum += v;
                }
            }
            double probeValue = fSum / items.length;
            Map<Block, DMatrixRMaj> v = pg.gradient(1.0 / items.length);
            for (Block b : pg.zeroBlocks()) {
                ctx.log("warning: probe " + probe.id() + " does not depend on block " + b + " (zero gradient)");
            }
            ctx.log(String.format("probe %s on L%d.H%d at step %d: f = %.6g", probe.id(), params.layer(),
                    params.head(), params.step(), probeValue));

            String factorsRel = dir + "/factors.bin";
            EkfacFactors factors;
            if (Files.exists(project.blob(factorsRel))) {
                factors = EkfacFactors.load(project.blob(factorsRel));
                ctx.log("reusing fitted factors " + factorsRel);
            } else {
                long[] fitIds = fitSubset(candidates, params.fitSequences(), run.seed());
                Path stateDir = project.blob(dir);
                factors = EkfacFit.fit(grads, slice, samples::sample, fitIds, params.batch(), run.seed(),
                        Damping.relative(params.damping()), ctx, stateDir);
                factors.save(project.blob(factorsRel));
                EkfacFit.deleteState(stateDir);
                project.attributions().update(rec.id(), "factors", factorsRel, null);
            }
            for (Block b : factors.skippedBlocks()) {
                ctx.log("warning: block " + b + " has mean(Λ) = 0 and is skipped");
            }
            InfluenceScorer scorer = InfluenceScorer.single(slice, Ihvp.apply(factors, v));

            int shards = (candidates.length + SHARD - 1) / SHARD;
            List<Path> shardFiles = new ArrayList<>();
            List<Path> tokenFiles = new ArrayList<>();
            for (int k = 0; k < shards; k++) {
                Path shard = project.blob(String.format("%s/shard-%05d.bin", dir, k));
                Path tokens = project.blob(String.format("%s/shard-%05d.tok", dir, k));
                shardFiles.add(shard);
                tokenFiles.add(tokens);
                if (!Files.exists(shard) || !Files.exists(tokens)) {
                    long[] ids = Arrays.copyOfRange(candidates, k * SHARD, Math.min(candidates.length, (k + 1) * SHARD));
                    TokenContributions.Selector keep = new TokenContributions.Selector(TokenContributions.DEFAULT_KEEP,
                            cfg.ctx());
                    AttributionScores part = scoreShard(grads, scorer, samples, ids, ctx, (long) k * SHARD,
                            candidates.length, keep);
                    keep.result().write(tokens); // first: the score shard's presence marks the shard finished
                    part.write(shard);
                }
                ctx.checkCancelled();
                ctx.progress("score", Math.min(candidates.length, (long) (k + 1) * SHARD), candidates.length, null);
            }
            AttributionScores all = concat(shardFiles, candidates.length);
            TokenContributions.Selector keep = new TokenContributions.Selector(TokenContributions.DEFAULT_KEEP,
                    cfg.ctx());
            for (Path p : tokenFiles) {
                for (TokenContributions.Row row : TokenContributions.load(p).rows()) {
                    keep.offer(row);
                }
            }
            keep.result().write(project.blob(tokensPath(dir + "/scores.bin")));
            String scoresRel = dir + "/scores.bin";
            all.write(project.blob(scoresRel));
            for (Path p : shardFiles) {
                Files.deleteIfExists(p);
            }
            for (Path p : tokenFiles) {
                Files.deleteIfExists(p);
            }
            project.attributions().update(rec.id(), "scored", factorsRel, scoresRel);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (float s : all.scores()) {
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
            return new Result(project.attributions().get(rec.id()).orElseThrow(), all.size(), min, max, probeValue,
                    factors.skippedBlocks());
        } catch (mda.engine.jobs.JobCancelledException e) {
            throw e;
        } catch (Exception e) {
            project.attributions().update(rec.id(), "failed", null, null);
            throw e;
        }
    }

    private static AttributionScores scoreShard(HeadGradients grads, InfluenceScorer scorer, Samples samples,
            long[] ids, JobContext ctx, long offset, long total, TokenContributions.Selector keep) throws Exception {
        int n = ids.length;
        int[] sid = new int[n];
        float[] scores = new float[n];
        float[] loss = new float[n];
        int batch = 16;
        for (int s = 0; s < n; s += batch) {
            int[][] windows = EkfacFit.windows(samples::sample, ids, s, batch);
            HeadGradients.Result r = grads.realLabel(windows);
            TokenScores[] ts = scorer.scoreBatch(r.taps());
            for (int i = 0; i < ts.length; i++) {
                sid[s + i] = Math.toIntExact(ids[s + i]);
                scores[s + i] = (float) ts[i].score(0);
                keep.offer(ids[s + i], ts[i].contributions()[0]);
                loss[s + i] = (float) (r.values()[i] / r.taps().seqLen());
            }
            ctx.checkCancelled();
            ctx.progress("score", offset + Math.min(n, s + batch), total, null);
        }
        return new AttributionScores(sid, scores, loss);
    }

    private static AttributionScores concat(List<Path> shards, int total) throws java.io.IOException {
        int[] ids = new int[total];
        float[] scores = new float[total];
        float[] loss = new float[total];
        int at = 0;
        for (Path p : shards) {
            AttributionScores s = AttributionScores.load(p);
            if (at + s.size() > total) {
                throw new IllegalStateException("shard " + p + " holds more scores than the candidate set");
            }
            System.arraycopy(s.sampleIds(), 0, ids, at, s.size());
            System.arraycopy(s.scores(), 0, scores, at, s.size());
            System.arraycopy(s.meanLoss(), 0, loss, at, s.size());
            at += s.size();
        }
        if (at != total) {
            throw new IllegalStateException("shards hold " + at + " scores, expected " + total);
        }
        return new AttributionScores(ids, scores, loss);
    }

    /** The token-contribution file kept beside a score file ({@code tokens.bin} in the same folder). */
    public static String tokensPath(String scoresRel) {
        int slash = scoresRel.lastIndexOf('/');
        return (slash < 0 ? "" : scoresRel.substring(0, slash + 1)) + "tokens.bin";
    }

    /** Distinct sample ids scheduled in steps [0, step), ascending. */
    public static long[] candidates(DataOrder order, long step) {
        if (step < 1 || step > order.steps()) {
            throw new IllegalArgumentException("checkpoint step must be in [1, " + order.steps()
                    + "] to have trained samples, got " + step);
        }
        TreeSet<Long> ids = new TreeSet<>();
        for (int s = 0; s < step; s++) {
            for (long id : order.batch(s)) {
                if (id >= 0) {
                    ids.add(id);
                }
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** A seeded subset of at most {@code cap} candidates (FISHER_LABELS stream of seed+1, fixed per run). */
    static long[] fitSubset(long[] candidates, int cap, long seed) {
        if (candidates.length <= cap) {
            return candidates.clone();
        }
        long[] copy = candidates.clone();
        SplitMix64 rng = SplitMix64.stream(seed + 1, SplitMix64.Stream.FISHER_LABELS);
        for (int i = 0; i < cap; i++) {
            int j = i + rng.nextInt(copy.length - i);
            long t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        long[] out = Arrays.copyOf(copy, cap);
        Arrays.sort(out);
        return out;
    }

    private AttributionRecord findOrCreate(Project project) {
        for (AttributionRecord r : project.attributions().forRun(params.runId())) {
            if (r.step() == params.step() && r.layer() == params.layer() && r.head() == params.head()
                    && r.probe().equals(new Probe(params.probe(), 0, 0).id())
                    && r.mode().equals(params.mode().name().toLowerCase(java.util.Locale.ROOT))
                    && r.damping() == params.damping() && !r.status().equals("scored")) {
                return r;
            }
        }
        return project.attributions().insert(AttributionRecord.draft(params.runId(), params.step(), params.layer(),
                params.head(), new Probe(params.probe(), 0, 0).id(),
                params.mode().name().toLowerCase(java.util.Locale.ROOT), params.damping()));
    }
}
