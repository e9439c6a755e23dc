package mda.engine.intervene;

import com.google.gson.Gson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mda.engine.attribution.AttributionScores;
import mda.engine.corpus.Samples;
import mda.engine.corpus.TokenStore;
import mda.engine.model.ModelConfig;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.CheckpointMeasurement;
import mda.engine.train.DataOrder;

/**
 * The project side of a SYN plan: reads the top samples and the unigram counts from the baseline's corpus, applies
 * {@link SynthesisEditor}, and for SYN-random / SYN-copy saves the samples as a derived corpus
 * ({@link SyntheticCorpusWriter}) that the plan's runs train on.
 */
final class SynthesisSetup {
    /** Tokens counted for the unigram background: the start of the trainable stream, enough for any toy corpus. */
    static final long UNIGRAM_TOKENS = 1L << 26;

    private SynthesisSetup() {
    }

    /** The synthesis, the corpus the plan's runs read, and a one-line summary for the job log. */
    record Prepared(SynthesisEditor.Synthesis synthesis, Long corpusId, String summary) {
    }

    static Prepared prepare(Project project, RunRecord base, InterventionPlan plan, DataOrder order,
            AttributionScores scores, int windowSteps) throws IOException {
        ModelConfig cfg = new Gson().fromJson(base.configJson(), ModelConfig.class);
        CorpusRecord corpus = project.corpora().get(base.corpusId()).orElseThrow(
                () -> new IllegalArgumentException("run " + base.name() + " has no corpus"));
        TokenStore store = TokenStore.open(project.blob(corpus.storePath()));
        Samples samples = new Samples(store, cfg.ctx());
        long trainable = samples.sampleCount() - CheckpointMeasurement.HELD_OUT;
        if (order.sampleCount() != trainable) {
            throw new IllegalArgumentException("run " + base.name() + " orders " + order.sampleCount() + " samples "
                    + "but its corpus has " + trainable + " trainable windows; synthesis plans need a run trained "
                    + "by this workbench on its own corpus");
        }
        List<int[]> top = new ArrayList<>();
        for (long id : SynthesisEditor.topSet(plan, scores)) {
            top.add(samples.sample(id));
        }
        long[] unigram = new long[store.vocab()];
        long counted = Math.min(UNIGRAM_TOKENS, trainable * cfg.ctx() + 1);
        int[] buf = new int[1 << 16];
        for (long at = 0; at < counted; at += buf.length) {
            int len = (int) Math.min(buf.length, counted - at);
            store.read(at, buf, len);
            for (int i = 0; i < len; i++) {
                unigram[buf[i]]++;
            }
        }
        java.util.function.Function<String, int[]> encoder = null;
        if (plan.kind() == InterventionPlan.Kind.SYN_MARKUP) {
            mda.engine.corpus.Tokenizer tok = mda.engine.attribution.AttributionData.tokenizer(project, corpus);
            if (tok instanceof mda.engine.corpus.SyntheticTokenizer) {
                throw new IllegalArgumentException("syn-markup writes XML and LaTeX text, which corpus '"
                        + corpus.name() + "' (synthetic ids, no text tokenizer) cannot encode; use syn-random or "
                        + "syn-copy, or a corpus with a BPE, byte or Hugging Face tokenizer");
            }
            encoder = tok::encode;
        }
        SynthesisEditor.Synthesis syn = SynthesisEditor.apply(plan, order, scores, windowSteps,
                new SynthesisEditor.CorpusView(top, unigram, cfg.ctx(), encoder));
        MimicStats st = syn.stats();
        String summary = String.format(Locale.ROOT, "%s: %d overwrite slots; top samples: %d repeated spans, "
                + "median IPF_2^{>=%d} %.3f", plan.label(), syn.edit().copySlots().length, st.lengths().length,
                st.minDistance(), st.ipfTarget());
        if (!plan.kind().generates()) {
            return new Prepared(syn, base.corpusId(), summary + ", control fill " + syn.edit().plan().fill()
                    .name().toLowerCase(Locale.ROOT));
        }
        double meanIpf = syn.generated().stream().mapToDouble(MimicGenerator.Sample::ipf).average().orElse(0);
        String name = corpus.name() + "+" + base.name() + ":" + plan.label() + ":a" + plan.attributionId();
        CorpusRecord derived = SyntheticCorpusWriter.ensure(project, corpus, name, cfg.ctx(), trainable,
                syn.generated(), syn.edit().copySlots(),
                SynthesisEditor.generatorRecord(plan, st, cfg.ctx(), counted));
        return new Prepared(syn, derived.id(), summary + String.format(Locale.ROOT,
                ", synthetic samples reach mean IPF %.3f; saved in corpus '%s'", meanIpf, derived.name()));
    }
}
