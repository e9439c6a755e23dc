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
 * has been trained on (§3.11). Every check that can refuse the request ({@link AttributionChecks}: head range, an
 * earlier layer for the induction probes, vocabulary) runs before anything is written. Stages: probe gradient, factor
 * fit on a seeded subset of the candidates (in shards of {@link EkfacFit#SHARD} with the running sums saved after
 * each in a fit folder of its own, so a killed fit continues where it stopped), then the attribution rows are created
 * with {@code factors.bin} in their folders (a refused fit, such as non-finite factors, leaves neither), scoring in
 * shards of {@link #SHARD} samples (each saved; a resumed run skips finished shards), then one score file (see
 * {@link AttributionScores}) and the row marked {@code scored}.
 * Several probes of the same head and mode (a comma list, §3.10) share the fit and the scoring pass; each probe has
 * its own row and folder (factors.bin copied in, shard files and score files of its own, see {@link ScoringShards}).
 */
public final class AttributionJob implements Job<AttributionJob.Result> {
    /** Samples per saved scoring shard. */
    public static final int SHARD = 1024;
    /** Sequences per forward pass when scoring. */
    private static final int SCORE_BATCH = 16;

    /**
     * @param probe        one probe id, or several as a comma list ({@code copy_target_synthetic,ind_attn}): the
     *                     factors are fitted once and every sample scored once for all of them (§3.10), with one
     *                     attribution row and score file per probe
     * @param damping      relative damping factor (λ_b = damping · mean Λ_b, §3.6)
     * @param fitSequences cap on the fitting subset (default 10 000)
     * @param batch        sequences per forward pass
     */
    public record Params(long runId, long step, int layer, int head, String probe, HeadSlice.Mode mode,
                         double damping, int fitSequences, int batch) {
        public Params {
            parseProbes(probe); // validates the ids
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

        /** The normalized probe ids, in the order given. */
        public List<String> probeIds() {
            return parseProbes(probe);
        }
    }

    /** Splits a comma list of probe ids; each must be known and appear once. */
    public static List<String> parseProbes(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("probe: expected one of " + Probe.IDS + " or a comma list of them");
        }
        List<String> out = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            String id = new Probe(part.trim(), 0, 0).id();
            if (out.contains(id)) {
                throw new IllegalArgumentException("probe '" + id + "' is listed twice in '" + list + "'");
            }
            out.add(id);
        }
        return List.copyOf(out);
    }

    /** One probe's finished attribution: its row, the number of scores, their range, and f(θ) of the probe. */
    public record Scored(AttributionRecord record, int count, double min, double max, double probeValue) {
    }

    /**
     * The finished attributions, one per probe in the order given, and the blocks the shared factors skip. The
     * accessors {@link #record()} … {@link #probeValue()} read the first probe's (the only one of a single-probe
     * job).
     */
    public record Result(List<Scored> probes, List<Block> skippedBlocks) {
        public Result {
            if (probes.isEmpty()) {
                throw new IllegalArgumentException("an attribution result needs at least one probe");
            }
            probes = List.copyOf(probes);
            skippedBlocks = List.copyOf(skippedBlocks);
        }

        public AttributionRecord record() {
            return probes.get(0).record();
        }

        public int count() {
            return probes.get(0).count();
        }

        public double min() {
            return probes.get(0).min();
        }

        public double max() {
            return probes.get(0).max();
        }

        public double probeValue() {
            return probes.get(0).probeValue();
        }
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
        List<String> ids = params.probeIds();
        // Every check that can refuse the request runs before the first row or file is written.
        AttributionChecks.requireInductionHead(run, cfg, params.layer(), params.head(), String.join(",", ids));
        CheckpointRecord ckpt = project.checkpoints().get(run.id(), params.step())
                .filter(CheckpointRecord::hasWeights)
                .orElseThrow(() -> new IllegalArgumentException("run " + run.name() + " has no stored weights at step "
                        + params.step() + "; pick a step listed by 'mda heads'"));
        CorpusRecord corpus = project.corpora().get(run.corpusId())
                .orElseThrow(() -> new IllegalArgumentException("run " + run.name() + " has no corpus"));
        TokenStore store = TokenStore.open(project.blob(corpus.storePath()));
        AttributionChecks.requireMatchingVocab(run, cfg, corpus, store);
        Samples samples = new Samples(store, cfg.ctx());
        DataOrder order = DataOrder.read(new RunFiles(project, run.id()).order());
        long[] candidates = candidates(order, params.step());
        HeadSlice slice = HeadSlice.of(cfg, params.layer(), params.head(), params.mode(), true);
        // the fitting subset is the candidates up to the cap (fitSubset)
        AttributionMemory memory = AttributionMemory.of(slice, candidates.length,
                Math.min(candidates.length, params.fitSequences()), cfg.ctx(), StoredGradients.DEFAULT_BUDGET_BYTES);
        try (NDManager root = NDManager.newBaseManager(device);
             NeoxModel model = ModelIO.load(project.blob(ckpt.path()), root, DataType.FLOAT32)) {
            model.setRequiresGradient(false);
            HeadGradients grads = new HeadGradients(model, params.layer(), params.mode() == HeadSlice.Mode.QKVO);
            List<Map<Block, DMatrixRMaj>> gradients = new ArrayList<>();
            double[] probeValues = new double[ids.size()];
            for (int q = 0; q < ids.size(); q++) {
                Probe probe = new Probe(ids.get(q), params.layer(), params.head());
                int[][] items = probe.items(cfg, run.seed(), Probe.DEFAULT_ITEMS, samples);
                ProbeGradient pg = new ProbeGradient(slice);
                double fSum = 0;
                for (int s = 0; s < items.length; s += params.batch()) {
                    HeadGradients.Result r = grads.probe(probe, Arrays.copyOfRange(items, s,
                            Math.min(items.length, s + params.batch())));
                    pg.add(r.taps());
                    for (double v : r.values()) {
                        fSum += v;
                    }
                }
                probeValues[q] = fSum / items.length;
                gradients.add(pg.gradient(1.0 / items.length));
                for (Block b : pg.zeroBlocks()) {
                    ctx.log("warning: probe " + probe.id() + " does not depend on block " + b + " (zero gradient)");
                }
                ctx.log(String.format("probe %s on L%d.H%d at step %d: f = %.6g", probe.id(), params.layer(),
                        params.head(), params.step(), probeValues[q]));
            }

            List<AttributionRecord> recs = new ArrayList<>();
            EkfacFactors factors = factors(project, run, ctx, grads, slice, samples, candidates, ids, recs, memory);
            List<String> dirs = new ArrayList<>();
            for (AttributionRecord rec : recs) {
                dirs.add(folder(rec));
            }
            try {
                for (Block b : factors.skippedBlocks()) {
                    ctx.log("warning: block " + b + " has mean(Λ) = 0 and is skipped");
                }
                List<Map<Block, DMatrixRMaj>> preconditioned = new ArrayList<>();
                for (Map<Block, DMatrixRMaj> v : gradients) {
                    preconditioned.add(Ihvp.apply(factors, v));
                }
                InfluenceScorer scorer = new InfluenceScorer(slice, preconditioned);
                List<Path> dirPaths = new ArrayList<>();
                for (String d : dirs) {
                    dirPaths.add(project.blob(d));
                }
                ctx.log(memory.diskLine());
                ScoringShards shards = new ScoringShards(dirPaths, candidates, SHARD, cfg.ctx());
                shards.scoreMissing(grads, scorer, samples, SCORE_BATCH, ctx);
                List<Scored> out = new ArrayList<>();
                for (int q = 0; q < ids.size(); q++) {
                    String scoresRel = dirs.get(q) + "/scores.bin";
                    AttributionScores all = shards.merge(q, project.blob(scoresRel),
                            project.blob(tokensPath(scoresRel)));
                    long id = recs.get(q).id();
                    project.attributions().update(id, "scored", dirs.get(q) + "/factors.bin", scoresRel);
                    double min = Double.POSITIVE_INFINITY;
                    double max = Double.NEGATIVE_INFINITY;
                    for (float s : all.scores()) {
                        min = Math.min(min, s);
                        max = Math.max(max, s);
                    }
                    out.add(new Scored(project.attributions().get(id).orElseThrow(), all.size(), min, max,
                            probeValues[q]));
                }
                return new Result(out, factors.skippedBlocks());
            } catch (mda.engine.jobs.JobCancelledException e) {
                throw e;
            } catch (Exception e) {
                for (AttributionRecord rec : recs) {
                    project.attributions().update(rec.id(), "failed", null, null);
                }
                throw e;
            }
        }
    }

    private static String folder(AttributionRecord rec) {
        return "attributions/" + rec.id();
    }

    /**
     * The fitted factors, fitted once for all probes, and the probes' rows (filled into {@code recs}): the factors
     * are reused from an unfinished row's folder that has {@code factors.bin}, else fitted with their resume state in
     * a folder of their own ({@link #fitFolder}); the rows are created only once valid factors exist (a refused fit
     * leaves no row), and the factors are copied into every row's folder that lacks them, so each attribution stays
     * self-contained.
     */
    private EkfacFactors factors(Project project, RunRecord run, JobContext ctx, HeadGradients grads, HeadSlice slice,
            Samples samples, long[] candidates, List<String> ids, List<AttributionRecord> recs,
            AttributionMemory memory) throws Exception {
        List<AttributionRecord> existing = new ArrayList<>();
        for (String id : ids) {
            existing.add(find(project, id));
        }
        FitRecipe recipe = FitRecipe.of(params);
        String found = null;
        for (AttributionRecord r : existing) {
            // an unfinished row's factors, unless they were fitted another way (a row from before recipes were saved
            // has none: it resumes as it always did)
            if (found == null && r != null && Files.exists(project.blob(folder(r) + "/factors.bin"))) {
                FitRecipe had = FitRecipe.read(project.blob(folder(r) + "/" + FitRecipe.FILE));
                if (had == null || had.equals(recipe)) {
                    found = folder(r) + "/factors.bin";
                }
            }
        }
        if (found == null) {
            found = finishedFactors(project, recipe);
        }
        EkfacFactors factors;
        Path saved;
        Path fitDir = null;
        if (found != null) {
            factors = EkfacFactors.load(project.blob(found));
            saved = project.blob(found);
            ctx.log("reusing fitted factors " + found);
        } else {
            long[] fitIds = fitSubset(candidates, params.fitSequences(), run.seed());
            memory.fitLines().forEach(ctx::log);
            fitDir = project.blob(fitFolder());
            try {
                factors = EkfacFit.fit(grads, slice, samples::sample, fitIds, params.batch(), run.seed(),
                        Damping.relative(params.damping()), ctx, fitDir);
            } catch (NonFiniteFactorsException e) {
                deleteFitFolder(fitDir);
                throw e;
            }
            saved = fitDir.resolve("factors.bin");
            factors.save(saved);
        }
        if (fitDir != null) {
            recipe.write(saved.resolveSibling(FitRecipe.FILE));
        }
        // a recipe travels with the factors only when it is known (a row from before recipes has none)
        boolean known = recipe.equals(FitRecipe.read(saved.resolveSibling(FitRecipe.FILE)));
        for (int q = 0; q < ids.size(); q++) {
            AttributionRecord rec = existing.get(q) != null ? existing.get(q)
                    : project.attributions().insert(AttributionRecord.draft(params.runId(), params.step(),
                    params.layer(), params.head(), ids.get(q), modeName(), params.damping()));
            recs.add(rec);
            String rel = folder(rec) + "/factors.bin";
            Path target = project.blob(rel);
            FitRecipe had = FitRecipe.read(target.resolveSibling(FitRecipe.FILE));
            // an unfinished row whose factors were fitted another way takes these, and drops what it scored with them
            boolean stale = known && Files.exists(target) && !target.equals(saved) && !recipe.equals(had);
            if (stale) {
                ScoringShards.deleteShards(target.getParent());
            }
            if (!Files.exists(target) || stale) {
                Files.createDirectories(target.getParent());
                Path tmp = target.resolveSibling("factors.bin.tmp");
                Files.copy(saved, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            if (known && !recipe.equals(had)) {
                recipe.write(target.resolveSibling(FitRecipe.FILE));
            }
            project.attributions().update(rec.id(), "factors", rel, null);
        }
        if (fitDir != null) {
            deleteFitFolder(fitDir);
        }
        return factors;
    }

    /**
     * The factors of a finished attribution of the same head, checkpoint, mode and damping whose recipe matches:
     * another probe of the same head needs no fit of its own (kronfluence #40), and the fit is deterministic, so they
     * are the factors a fit would give. Null when there is none.
     */
    private String finishedFactors(Project project, FitRecipe recipe) {
        for (AttributionRecord r : project.attributions().forRun(params.runId())) {
            if (r.step() == params.step() && r.layer() == params.layer() && r.head() == params.head()
                    && r.mode().equals(modeName()) && r.damping() == params.damping() && r.status().equals("scored")
                    && Files.exists(project.blob(folder(r) + "/factors.bin"))
                    && recipe.equals(FitRecipe.read(project.blob(folder(r) + "/" + FitRecipe.FILE)))) {
                return folder(r) + "/factors.bin";
            }
        }
        return null;
    }

    /** Where an unfinished fit keeps its resume state and result: one folder per run, step, head and mode. */
    String fitFolder() {
        return String.format(java.util.Locale.ROOT, "attributions/fit-run%d-step%d-L%d.H%d-%s", params.runId(),
                params.step(), params.layer(), params.head(), modeName());
    }

    private static void deleteFitFolder(Path dir) throws java.io.IOException {
        EkfacFit.deleteState(dir);
        Files.deleteIfExists(dir.resolve("factors.bin"));
        Files.deleteIfExists(dir.resolve(FitRecipe.FILE));
        if (Files.isDirectory(dir)) {
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        }
        Path parent = dir.getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try (var left = Files.list(parent)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(parent);
                }
            }
        }
    }

    private String modeName() {
        return params.mode().name().toLowerCase(java.util.Locale.ROOT);
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

    /** An unfinished row of this request for {@code probe}, or null. */
    private AttributionRecord find(Project project, String probe) {
        for (AttributionRecord r : project.attributions().forRun(params.runId())) {
            if (r.step() == params.step() && r.layer() == params.layer() && r.head() == params.head()
                    && r.probe().equals(probe) && r.mode().equals(modeName())
                    && r.damping() == params.damping() && !r.status().equals("scored")) {
                return r;
            }
        }
        return null;
    }
}
