package mda.engine.attribution;

import mda.engine.corpus.TokenStore;
import mda.engine.model.ModelConfig;
import mda.engine.store.CorpusRecord;
import mda.engine.store.RunRecord;

/**
 * The checks an attribution request passes before anything is written to the project: the head exists, it can be an
 * induction head, and the checkpoint reads the corpus's token ids. Each failure is one line naming the problem.
 */
final class AttributionChecks {
    private AttributionChecks() {
    }

    /**
     * Layer and head in range, and an earlier layer for the previous-token head that an induction head composes
     * with (spec §1.1: refuse induction analyses on 1-layer models; both probes of §3.4 measure induction).
     */
    static void requireInductionHead(RunRecord run, ModelConfig cfg, int layer, int head, String probes) {
        if (layer < 0 || layer >= cfg.layers()) {
            throw new IllegalArgumentException(String.format("head L%d.H%d: layer %d does not exist; run '%s' has %d "
                    + "layer%s (0..%d)", layer, head, layer, run.name(), cfg.layers(), cfg.layers() == 1 ? "" : "s",
                    cfg.layers() - 1));
        }
        if (head < 0 || head >= cfg.heads()) {
            throw new IllegalArgumentException(String.format("head L%d.H%d: head %d does not exist; run '%s' has %d "
                    + "heads per layer (0..%d)", layer, head, head, run.name(), cfg.heads(), cfg.heads() - 1));
        }
        if (cfg.layers() < 2) {
            throw new IllegalArgumentException(String.format("run '%s' has a 1-layer model: the probe %s measures an "
                    + "induction head, which needs a previous-token head in an earlier layer; attribute a model with "
                    + "at least 2 layers", run.name(), probes));
        }
        if (layer == 0) {
            throw new IllegalArgumentException(String.format("head L0.H%d: the probe %s measures an induction head, "
                    + "which needs a previous-token head in an earlier layer, and layer 0 has none; pick a layer in "
                    + "1..%d", head, probes, cfg.layers() - 1));
        }
    }

    /**
     * The corpus's token store was written with the vocabulary its record names, and the checkpoint embeds it: a
     * trained run's vocabulary equals its corpus's (the tokenizer it was trained with); an imported checkpoint may be
     * wider (padded embeddings, as Pythia's) but never narrower.
     */
    static void requireMatchingVocab(RunRecord run, ModelConfig cfg, CorpusRecord corpus, TokenStore store) {
        if (store.vocab() != corpus.vocab()) {
            throw new IllegalArgumentException(String.format("corpus '%s' names a vocabulary of %d tokens but its "
                    + "token store %s holds ids of a %d-token tokenizer; re-import the corpus", corpus.name(),
                    corpus.vocab(), corpus.storePath(), store.vocab()));
        }
        boolean imported = run.trainJson() == null;
        if (imported ? cfg.vocab() < corpus.vocab() : cfg.vocab() != corpus.vocab()) {
            throw new IllegalArgumentException(String.format("run '%s' has a %d-token vocabulary but corpus '%s' is "
                    + "tokenized with %d tokens: the checkpoint was not trained with this corpus's tokenizer",
                    run.name(), cfg.vocab(), corpus.name(), corpus.vocab()));
        }
    }
}
