package mda.engine.corpus;

import java.nio.file.Path;
import mda.engine.jobs.Job;
import mda.engine.jobs.JobContext;
import mda.engine.store.Blobs;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;

/**
 * Generates the seeded synthetic corpus (variable-period repeats plus planted long-repeat documents) into the
 * project as a token store with its tokenizer. The store directory is written atomically, and the corpus row is
 * inserted only after it is complete, so a failed import leaves the project as it was.
 */
public final class SyntheticImportJob implements Job<CorpusRecord> {
    /** What to generate; the defaults of {@link SyntheticCorpus.Params} fill the rest. */
    public record Params(String name, int vocab, int documents, int minLength, int maxLength, double plantedFraction,
                         double zipfExponent, double localProb, double repeatRate, int maxRepeatSpan, long seed,
                         double copyFreeFraction) {
        /** Every ordinary document may hold copies. */
        public Params(String name, int vocab, int documents, int minLength, int maxLength, double plantedFraction,
                      double zipfExponent, double localProb, double repeatRate, int maxRepeatSpan, long seed) {
            this(name, vocab, documents, minLength, maxLength, plantedFraction, zipfExponent, localProb, repeatRate,
                    maxRepeatSpan, seed, 0);
        }

        public SyntheticCorpus.Params corpusParams() {
            SyntheticCorpus.Params d = SyntheticCorpus.Params.defaults(vocab, documents);
            return new SyntheticCorpus.Params(vocab, documents, minLength, maxLength, plantedFraction,
                    zipfExponent, localProb, repeatRate, maxRepeatSpan, d.plantedSpanMin(),
                    d.plantedSpanMax(), d.plantedCopiesMin(), d.plantedCopiesMax(), copyFreeFraction);
        }
    }

    private final Params params;

    public SyntheticImportJob(Params params) {
        this.params = params;
        params.corpusParams(); // validates now, before any job row is written
    }

    @Override
    public String kind() {
        return "corpus-import-synthetic";
    }

    @Override
    public CorpusRecord run(JobContext ctx) throws Exception {
        Project project = ctx.project().orElseThrow(() -> new IllegalStateException("import needs a project"));
        if (project.corpora().byName(params.name()).isPresent()) {
            throw new IllegalArgumentException("the project already has a corpus named '" + params.name()
                    + "'; choose another --name");
        }
        SyntheticCorpus.Params p = params.corpusParams();
        String rel = "corpora/" + params.name();
        Path dir = project.blob(rel);
        ctx.progress("generate", 0, 1, params.documents() + " documents");
        long[] counts = new long[2];
        Blobs.writeDirectoryAtomic(dir, tmp -> {
            TokenStore store = SyntheticCorpus.writeStore(tmp.resolve("store"), p, params.seed());
            SyntheticCorpus.tokenizer(p).save(tmp.resolve("tokenizer.json"));
            counts[0] = store.tokenCount();
            counts[1] = store.documentCount();
        });
        ctx.progress("generate", 1, 1, counts[0] + " tokens");
        CorpusRecord draft = new CorpusRecord(0, params.name(), "synthetic", rel + "/tokenizer.json",
                rel + "/store", p.vocab(), counts[0], counts[1], 0, mda.engine.jobs.JobParams.toJson(params));
        return project.corpora().insert(draft);
    }
}
