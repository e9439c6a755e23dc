package mda.app.cli;

import java.util.List;
import java.util.concurrent.Callable;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.corpus.importers.DocumentsImportJob;
import mda.engine.corpus.importers.TokenizerChoice;
import mda.engine.jobs.JobParams;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mda corpus import}: the seeded synthetic corpus ({@code --synthetic}) or the embedded demo corpus of real
 * text ({@code --demo}). Every import is all-or-nothing: a failure leaves the project as it was.
 */
@Command(name = "import", description = "Import a corpus into the project.")
final class CorpusImportCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--synthetic",
            description = "generate the seeded synthetic corpus (variable-period repeats, planted long repeats)")
    boolean synthetic;

    @Option(names = "--demo", description = "import the embedded demo corpus (real code, HTML/XML and prose)")
    boolean demo;

    @Option(names = "--name", description = "corpus name (default: synthetic, demo)")
    String name;

    @Option(names = "--vocab",
            description = "vocabulary size (default: 128 for --synthetic, 4096 for a trained BPE)")
    Integer vocab;

    @Option(names = "--seed", defaultValue = "1", description = "generator / BPE seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--tokenizer", arity = "1", paramLabel = "bpe|byte",
            description = "bpe: train a byte-level BPE of --vocab ids on the documents (default); byte: 257 ids")
    String tokenizer;

    @Option(names = "--max-documents", defaultValue = "0",
            description = "--demo: import at most this many documents (default: all)")
    long maxDocuments;

    @Option(names = "--categories", split = ",", paramLabel = "CAT",
            description = "--demo: only these categories (code, html-xml, prose, other; default: all)")
    List<String> categories = List.of();

    @Mixin
    SyntheticOptions syntheticOptions;

    @Override
    public Integer call() throws Exception {
        if (synthetic == demo) {
            throw new IllegalArgumentException("say what to import: --synthetic or --demo");
        }
        try (Project pr = project.open()) {
            CorpusRecord c = demo ? importDemo(pr) : importSynthetic(pr);
            System.out.printf("imported corpus %s: %,d tokens in %,d documents, vocabulary %d%n",
                    c.name(), c.tokens(), c.documents(), c.vocab());
        }
        return 0;
    }

    private CorpusRecord importSynthetic(Project pr) throws Exception {
        SyntheticImportJob.Params p = syntheticOptions.params(name == null ? "synthetic" : name,
                vocab == null ? 128 : vocab, seed);
        return Jobs.run(pr, new SyntheticImportJob(p), JobParams.toJson(p));
    }

    private CorpusRecord importDemo(Project pr) throws Exception {
        DemoDocuments docs = new DemoDocuments(categories, maxDocuments);
        TokenizerChoice choice = tokenizerChoice();
        String corpusName = name == null ? "demo" : name;
        DocumentsImportJob job = new DocumentsImportJob(corpusName, "demo", docs, docs.expectedDocuments(), choice,
                docs.originJson());
        com.google.gson.JsonObject params = com.google.gson.JsonParser.parseString(docs.originJson())
                .getAsJsonObject();
        params.addProperty("name", corpusName);
        params.addProperty("tokenizer", choice.describe());
        return Jobs.run(pr, job, params.toString());
    }

    /** The tokenizer for a text import: a trained BPE unless another is named. */
    TokenizerChoice tokenizerChoice() {
        String kind = tokenizer == null ? "bpe" : tokenizer;
        switch (kind) {
            case "bpe":
                return TokenizerChoice.trainBpe(vocab == null ? 4096 : vocab, seed);
            case "byte":
                if (vocab != null && vocab != 257) {
                    throw new IllegalArgumentException("--tokenizer byte has 257 ids; drop --vocab " + vocab);
                }
                return TokenizerChoice.bytes();
            default:
                throw new IllegalArgumentException("--tokenizer: unknown kind '" + kind + "'; use bpe or byte");
        }
    }
}
