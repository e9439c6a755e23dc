package mda.engine.attribution;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mda.engine.analysis.SuffixArray;
import mda.engine.corpus.Samples;
import mda.engine.corpus.Span;
import mda.engine.corpus.TokenStore;
import mda.engine.corpus.Tokenizer;
import mda.engine.model.ModelConfig;
import mda.engine.store.AttributionRecord;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.TrainRuns;

/**
 * A finished attribution opened for reading: its row, run, scores and the training samples they refer to, with
 * per-sample lookups (document category, longest repeat) for the ranking and analysis views.
 */
public final class AttributionData {
    private final AttributionRecord record;
    private final RunRecord run;
    private final CorpusRecord corpus;
    private final Samples samples;
    private final TokenStore store;
    private final AttributionScores scores;
    private TokenContributions tokens;

    private AttributionData(AttributionRecord record, RunRecord run, CorpusRecord corpus, TokenStore store,
            Samples samples, AttributionScores scores) {
        this.record = record;
        this.run = run;
        this.corpus = corpus;
        this.store = store;
        this.samples = samples;
        this.scores = scores;
    }

    /** Opens attribution {@code id}; it must have been scored. */
    public static AttributionData open(Project project, long id) throws IOException {
        AttributionRecord rec = project.attributions().get(id)
                .orElseThrow(() -> new IllegalArgumentException("the project has no attribution with id " + id));
        if (!"scored".equals(rec.status()) || rec.scoresPath() == null) {
            throw new IllegalArgumentException("attribution " + id + " is not finished (status " + rec.status()
                    + "); run 'mda attribute' again to resume it");
        }
        RunRecord run = project.runs().get(rec.runId())
                .orElseThrow(() -> new IllegalArgumentException("attribution " + id + " refers to a missing run"));
        ModelConfig cfg = TrainRuns.modelConfig(run);
        CorpusRecord corpus = project.corpora().get(run.corpusId())
                .orElseThrow(() -> new IllegalArgumentException("run " + run.name() + " has no corpus"));
        TokenStore store = TokenStore.open(project.blob(corpus.storePath()));
        java.nio.file.Path tokens = project.blob(AttributionJob.tokensPath(rec.scoresPath()));
        AttributionData data = new AttributionData(rec, run, corpus, store, new Samples(store, cfg.ctx()),
                AttributionScores.load(project.blob(rec.scoresPath())));
        data.tokens = java.nio.file.Files.exists(tokens) ? TokenContributions.load(tokens) : null;
        return data;
    }

    /** Per-token contributions of the top and bottom samples, or null for an attribution scored without them. */
    public TokenContributions tokenContributions() {
        return tokens;
    }

    /** The attribution's fitted EK-FAC factors, or null when its folder no longer holds them. */
    public static EkfacFactors factors(Project project, AttributionRecord rec) throws IOException {
        if (rec.factorsPath() == null || !java.nio.file.Files.exists(project.blob(rec.factorsPath()))) {
            return null;
        }
        return EkfacFactors.load(project.blob(rec.factorsPath()));
    }

    public AttributionRecord record() {
        return record;
    }

    public RunRecord run() {
        return run;
    }

    public CorpusRecord corpus() {
        return corpus;
    }

    public AttributionScores scores() {
        return scores;
    }

    /** The T+1 tokens of a sample. */
    public int[] tokens(long sampleId) {
        return samples.sample(sampleId);
    }

    /** The category of the document holding most of the sample's tokens. */
    public String category(long sampleId) {
        List<Span> spans = samples.spans(sampleId);
        Map<Integer, Integer> byDoc = new HashMap<>();
        for (Span s : spans) {
            if (!s.eod()) {
                byDoc.merge(s.docIndex(), s.length(), Integer::sum);
            }
        }
        int best = spans.get(0).docIndex();
        int most = -1;
        for (Map.Entry<Integer, Integer> e : byDoc.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                best = e.getKey();
            }
        }
        String c = store.document(best).category();
        return c == null || c.isEmpty() ? "unknown" : c;
    }

    /** The longest repeated token span of the sample (spec §5.1). */
    public SuffixArray.Repeat longestRepeat(long sampleId) {
        return SuffixArray.of(samples.sample(sampleId)).longestRepeat();
    }

    /** The corpus tokenizer. */
    public static Tokenizer tokenizer(Project project, CorpusRecord corpus) throws IOException {
        return Tokenizer.load(project.blob(corpus.tokenizerPath()));
    }
}
