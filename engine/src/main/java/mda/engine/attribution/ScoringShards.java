package mda.engine.attribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mda.engine.corpus.Samples;
import mda.engine.jobs.JobContext;

/**
 * The scoring stage of an attribution over several probes of one head at once (spec §3.10): one pass over the
 * candidates gives a score per probe. Each probe keeps its own files in its own folder: shard {@code k} is
 * {@code shard-k.bin} (scores) and {@code shard-k.tok} (token contributions). A shard is finished only when every
 * probe's two files exist; otherwise it is rescored for all probes (token files written first, score files last, so
 * a score file's presence marks the probe's shard complete). Merging writes {@code scores.bin} and {@code tokens.bin}
 * per folder and removes the shard files.
 */
final class ScoringShards {
    private final List<Path> dirs;
    private final long[] candidates;
    private final int shard;
    private final int ctxLen;

    /**
     * @param dirs       one folder per probe, in the scorer's probe order
     * @param candidates the sample ids to score, ascending
     */
    ScoringShards(List<Path> dirs, long[] candidates, int shard, int ctxLen) {
        this.dirs = List.copyOf(dirs);
        this.candidates = candidates;
        this.shard = shard;
        this.ctxLen = ctxLen;
    }

    private Path file(int probe, int k, String ext) {
        return dirs.get(probe).resolve(String.format("shard-%05d.%s", k, ext));
    }

    private int shards() {
        return (candidates.length + shard - 1) / shard;
    }

    /** Scores every shard not yet finished, saving each; progress in phase {@code score}. */
    void scoreMissing(HeadGradients grads, InfluenceScorer scorer, Samples samples, int batch, JobContext ctx)
            throws Exception {
        if (scorer.probes() != dirs.size()) {
            throw new IllegalArgumentException("scorer has " + scorer.probes() + " probes, " + dirs.size()
                    + " folders given");
        }
        for (int k = 0; k < shards(); k++) {
            if (!finished(k)) {
                long[] ids = Arrays.copyOfRange(candidates, k * shard, Math.min(candidates.length, (k + 1) * shard));
                List<AttributionScores> parts = new ArrayList<>();
                List<TokenContributions.Selector> keeps = new ArrayList<>();
                for (int q = 0; q < dirs.size(); q++) {
                    keeps.add(new TokenContributions.Selector(TokenContributions.DEFAULT_KEEP, ctxLen));
                }
                scoreShard(grads, scorer, samples, ids, batch, ctx, (long) k * shard, parts, keeps);
                for (int q = 0; q < dirs.size(); q++) {
                    keeps.get(q).result().write(file(q, k, "tok"));
                }
                for (int q = 0; q < dirs.size(); q++) {
                    parts.get(q).write(file(q, k, "bin"));
                }
            }
            ctx.checkCancelled();
            ctx.progress("score", Math.min(candidates.length, (long) (k + 1) * shard), candidates.length, null);
        }
    }

    /** Deletes every shard file in {@code dir} (scores and token contributions scored with factors now replaced). */
    static void deleteShards(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith("shard-") && (name.endsWith(".bin") || name.endsWith(".tok"))) {
                    Files.delete(f);
                }
            }
        }
    }

    private boolean finished(int k) {
        for (int q = 0; q < dirs.size(); q++) {
            if (!Files.exists(file(q, k, "bin")) || !Files.exists(file(q, k, "tok"))) {
                return false;
            }
        }
        return true;
    }

    private void scoreShard(HeadGradients grads, InfluenceScorer scorer, Samples samples, long[] ids, int batch,
            JobContext ctx, long offset, List<AttributionScores> parts, List<TokenContributions.Selector> keeps)
            throws Exception {
        int n = ids.length;
        int probes = scorer.probes();
        int[] sid = new int[n];
        float[][] scores = new float[probes][n];
        float[] loss = new float[n];
        for (int s = 0; s < n; s += batch) {
            int[][] windows = EkfacFit.windows(samples::sample, ids, s, batch);
            HeadGradients.Result r = grads.realLabel(windows);
            TokenScores[] ts = scorer.scoreBatch(r.taps());
            for (int i = 0; i < ts.length; i++) {
                sid[s + i] = Math.toIntExact(ids[s + i]);
                for (int q = 0; q < probes; q++) {
                    scores[q][s + i] = (float) ts[i].score(q);
                    keeps.get(q).offer(ids[s + i], ts[i].contributions()[q]);
                }
                loss[s + i] = (float) (r.values()[i] / r.taps().seqLen());
            }
            ctx.checkCancelled();
            ctx.progress("score", offset + Math.min(n, s + batch), candidates.length, null);
        }
        for (int q = 0; q < probes; q++) {
            parts.add(new AttributionScores(sid.clone(), scores[q], loss.clone()));
        }
    }

    /**
     * Merges probe {@code q}'s shards into {@code scores} and its token contributions into {@code tokens}, then
     * removes that probe's shard files.
     */
    AttributionScores merge(int q, Path scores, Path tokens) throws IOException {
        int total = candidates.length;
        int[] ids = new int[total];
        float[] all = new float[total];
        float[] loss = new float[total];
        TokenContributions.Selector keep = new TokenContributions.Selector(TokenContributions.DEFAULT_KEEP, ctxLen);
        int at = 0;
        for (int k = 0; k < shards(); k++) {
            Path p = file(q, k, "bin");
            AttributionScores s = AttributionScores.load(p);
            if (at + s.size() > total) {
                throw new IllegalStateException("shard " + p + " holds more scores than the candidate set");
            }
            System.arraycopy(s.sampleIds(), 0, ids, at, s.size());
            System.arraycopy(s.scores(), 0, all, at, s.size());
            System.arraycopy(s.meanLoss(), 0, loss, at, s.size());
            at += s.size();
            for (TokenContributions.Row row : TokenContributions.load(file(q, k, "tok")).rows()) {
                keep.offer(row);
            }
        }
        if (at != total) {
            throw new IllegalStateException("shards hold " + at + " scores, expected " + total);
        }
        AttributionScores merged = new AttributionScores(ids, all, loss);
        keep.result().write(tokens);
        merged.write(scores);
        for (int k = 0; k < shards(); k++) {
            Files.deleteIfExists(file(q, k, "bin"));
            Files.deleteIfExists(file(q, k, "tok"));
        }
        return merged;
    }
}
