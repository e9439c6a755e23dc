package mda.app.cli;

import java.util.List;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.corpus.TokenStore;
import mda.engine.jobs.JobParams;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mda corpus import|info}. */
@Command(name = "corpus", description = "Import or describe corpora.",
        subcommands = {CorpusCommand.Import.class, CorpusCommand.Info.class})
final class CorpusCommand {

    @Command(name = "import", description = "Import a corpus into the project.")
    static final class Import implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ProjectOption project;

        @Option(names = "--synthetic", required = true,
                description = "generate the seeded synthetic corpus (variable-period repeats, planted long repeats)")
        boolean synthetic;

        @Option(names = "--name", defaultValue = "synthetic", description = "corpus name (default: ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--vocab", defaultValue = "128", description = "vocabulary size (default: ${DEFAULT-VALUE})")
        int vocab;

        @Option(names = "--documents", defaultValue = "6000", description = "documents (default: ${DEFAULT-VALUE})")
        int documents;

        @Option(names = "--min-length", defaultValue = "32", description = "shortest document in tokens")
        int minLength;

        @Option(names = "--max-length", defaultValue = "96", description = "longest document in tokens")
        int maxLength;

        @Option(names = "--planted", defaultValue = "0.05",
                description = "share of planted long-repeat documents (default: ${DEFAULT-VALUE})")
        double planted;

        @Option(names = "--zipf", defaultValue = "0.01",
                description = "Zipf exponent of the token frequencies (default: ${DEFAULT-VALUE})")
        double zipf;

        @Option(names = "--local-prob", defaultValue = "0",
                description = "chance that a token follows its fixed successor (default: ${DEFAULT-VALUE})")
        double localProb;

        @Option(names = "--repeat-rate", defaultValue = "0.3",
                description = "per-token chance of starting a copy of an earlier span (default: ${DEFAULT-VALUE})")
        double repeatRate;

        @Option(names = "--max-repeat", defaultValue = "24", description = "longest ordinary repeated span")
        int maxRepeat;

        @Option(names = "--seed", defaultValue = "1", description = "generator seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws Exception {
            SyntheticImportJob.Params p = new SyntheticImportJob.Params(name, vocab, documents, minLength, maxLength,
                    planted, zipf, localProb, repeatRate, maxRepeat, seed);
            try (Project pr = project.open()) {
                CorpusRecord c = Jobs.run(pr, new SyntheticImportJob(p), JobParams.toJson(p));
                System.out.printf("imported corpus %s: %,d tokens in %,d documents, vocabulary %d%n",
                        c.name(), c.tokens(), c.documents(), c.vocab());
            }
            return 0;
        }
    }

    @Command(name = "info", description = "Size and composition of the project's corpora.")
    static final class Info implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ProjectOption project;

        @Override
        public Integer call() throws Exception {
            try (Project pr = project.open()) {
                List<CorpusRecord> all = pr.corpora().list();
                if (all.isEmpty()) {
                    System.out.println("no corpus yet: run 'mda corpus import'");
                }
                for (CorpusRecord c : all) {
                    TokenStore store = TokenStore.open(pr.blob(c.storePath()));
                    System.out.printf("corpus %s (%s): %,d tokens, %,d documents, vocabulary %d%n", c.name(),
                            c.kind(), store.tokenCount(), store.documentCount(), store.vocab());
                    java.util.Map<String, long[]> mix = new java.util.TreeMap<>();
                    for (int i = 0; i < store.documentCount(); i++) {
                        var d = store.document(i);
                        long[] acc = mix.computeIfAbsent(d.category(), k -> new long[2]);
                        acc[0]++;
                        acc[1] += d.length();
                    }
                    mix.forEach((cat, acc) -> System.out.printf("  %-16s %,8d documents %,12d tokens (%.1f%%)%n",
                            cat, acc[0], acc[1], 100.0 * acc[1] / Math.max(1, store.tokenCount())));
                }
            }
            return 0;
        }
    }
}
