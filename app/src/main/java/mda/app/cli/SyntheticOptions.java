package mda.app.cli;

import mda.engine.corpus.SyntheticImportJob;
import picocli.CommandLine.Option;

/** The generator settings of {@code mda corpus import --synthetic}. */
final class SyntheticOptions {
    @Option(names = "--documents", defaultValue = "6000", description = "--synthetic: documents (default: ${DEFAULT-VALUE})")
    int documents;

    @Option(names = "--min-length", defaultValue = "32", description = "--synthetic: shortest document in tokens")
    int minLength;

    @Option(names = "--max-length", defaultValue = "96", description = "--synthetic: longest document in tokens")
    int maxLength;

    @Option(names = "--planted", defaultValue = "0.05",
            description = "--synthetic: share of planted long-repeat documents (default: ${DEFAULT-VALUE})")
    double planted;

    @Option(names = "--zipf", defaultValue = "0.01",
            description = "--synthetic: Zipf exponent of the token frequencies (default: ${DEFAULT-VALUE})")
    double zipf;

    @Option(names = "--local-prob", defaultValue = "0",
            description = "--synthetic: chance that a token follows its fixed successor (default: ${DEFAULT-VALUE})")
    double localProb;

    @Option(names = "--repeat-rate", defaultValue = "0.3",
            description = "--synthetic: per-token chance of copying an earlier span (default: ${DEFAULT-VALUE})")
    double repeatRate;

    @Option(names = "--max-repeat", defaultValue = "24", description = "--synthetic: longest ordinary repeated span")
    int maxRepeat;

    @Option(names = "--copy-free", defaultValue = "0",
            description = "--synthetic: share of documents that hold no copies at all, so that the induction signal "
                    + "sits in the rest (default: ${DEFAULT-VALUE})")
    double copyFree;

    SyntheticImportJob.Params params(String name, int vocab, long seed) {
        return new SyntheticImportJob.Params(name, vocab, documents, minLength, maxLength, planted, zipf, localProb,
                repeatRate, maxRepeat, seed, copyFree);
    }
}
