package mda.app.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mda.engine.corpus.HfTokenizer;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.corpus.importers.CorpusImportJob;
import mda.engine.corpus.importers.DocumentsImportJob;
import mda.engine.corpus.importers.JsonlImporter;
import mda.engine.corpus.importers.TextFolderImporter;
import mda.engine.corpus.importers.TokenizerChoice;
import mda.engine.jobs.JobParams;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mda corpus import}: the seeded synthetic corpus ({@code --synthetic}), the embedded demo corpus
 * ({@code --demo}), or the user's data ({@code --from folder|jsonl|megatron}). Every import is all-or-nothing: a
 * failure leaves the project without the new corpus.
 */
@Command(name = "import", description = "Import a corpus into the project.", sortOptions = false,
        mixinStandardHelpOptions = true)
final class CorpusImportCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--synthetic",
            description = "generate the seeded synthetic corpus (variable-period repeats, planted long repeats)")
    boolean synthetic;

    @Option(names = "--demo", description = "import the embedded demo corpus (real code, HTML/XML and prose)")
    boolean demo;

    @Option(names = "--from", arity = "1..2", paramLabel = "KIND [PATH]",
            description = "import your data: folder DIR, jsonl FILE, or megatron PREFIX (or --idx/--bin)")
    List<String> from;

    @Option(names = "--name", description = "corpus name (default: synthetic, demo, or the file/folder name)")
    String name;

    @Option(names = "--tokenizer", arity = "1..2", paramLabel = "bpe|byte|hf [FILE]",
            description = "text imports: bpe trains a byte-level BPE of --vocab ids (default), byte uses 257 ids,"
                    + " hf FILE uses a Hugging Face tokenizer.json")
    List<String> tokenizer;

    @Option(names = "--vocab", description = "vocabulary size (default: 128 for --synthetic, 4096 for a trained BPE)")
    Integer vocab;

    @Option(names = "--seed", defaultValue = "1", description = "generator / BPE seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--max-documents", defaultValue = "0",
            description = "--demo: import at most this many documents (default: all)")
    long maxDocuments;

    @Option(names = "--categories", split = ",", paramLabel = "CAT",
            description = "--demo: only these categories (code, html-xml, prose, other; default: all)")
    List<String> categories = List.of();

    @Option(names = "--include", paramLabel = "GLOB",
            description = "folder: import only matching files (name glob, or path glob with '/'); repeatable")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "folder: skip matching files; repeatable")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--skip-non-utf8", description = "folder: skip files that are not UTF-8 instead of failing")
    boolean skipNonUtf8;

    @Option(names = "--text-field", paramLabel = "F", description = "jsonl: the field holding the text")
    String textField;

    @Option(names = "--id-field", paramLabel = "F", description = "jsonl: the field holding the id (default: line)")
    String idField;

    @Mixin
    MegatronOptions megatron;

    @Mixin
    SyntheticOptions syntheticOptions;

    @Override
    public Integer call() throws Exception {
        int modes = (synthetic ? 1 : 0) + (demo ? 1 : 0) + (from != null ? 1 : 0);
        if (modes != 1) {
            throw new IllegalArgumentException("say what to import: exactly one of --synthetic, --demo or --from"
                    + " folder|jsonl|megatron");
        }
        if (from != null && from.size() > 2) {
            throw new IllegalArgumentException("--from takes one KIND and PATH, got " + from);
        }
        if (tokenizer != null && tokenizer.size() > 2) {
            throw new IllegalArgumentException("--tokenizer takes one kind (and for hf one FILE), got " + tokenizer);
        }
        try (Project pr = project.open()) {
            CorpusRecord c;
            if (synthetic) {
                SyntheticImportJob.Params p = syntheticOptions.params(name == null ? "synthetic" : name,
                        vocab == null ? 128 : vocab, seed);
                c = Jobs.run(pr, new SyntheticImportJob(p), JobParams.toJson(p));
            } else if (demo) {
                c = importDemo(pr);
            } else {
                c = importFrom(pr);
            }
            System.out.printf("imported corpus %s: %,d tokens in %,d documents, vocabulary %d%n",
                    c.name(), c.tokens(), c.documents(), c.vocab());
        }
        return 0;
    }

    private CorpusRecord importDemo(Project pr) throws Exception {
        DemoDocuments docs = new DemoDocuments(categories, maxDocuments);
        TokenizerChoice choice = tokenizerChoice();
        String corpusName = name == null ? "demo" : name;
        DocumentsImportJob job = new DocumentsImportJob(corpusName, "demo", docs, docs.expectedDocuments(), choice,
                docs.originJson());
        JsonObject params = com.google.gson.JsonParser.parseString(docs.originJson()).getAsJsonObject();
        params.addProperty("name", corpusName);
        params.addProperty("tokenizer", choice.describe());
        return Jobs.run(pr, job, params.toString());
    }

    private CorpusRecord importFrom(Project pr) throws Exception {
        String kind = from.get(0);
        Path path = from.size() > 1 ? Path.of(from.get(1)) : null;
        JsonObject params = new JsonObject();
        params.addProperty("from", kind);
        params.addProperty("path", path == null ? null : path.toAbsolutePath().toString());
        CorpusImportJob job;
        switch (kind) {
            case "folder": {
                Path dir = required(path, "folder DIR");
                TokenizerChoice tok = tokenizerChoice();
                TextFolderImporter.Options opts = TextFolderImporter.Options.defaults().withGlobs(include, exclude)
                        .withSkipNonUtf8(skipNonUtf8);
                TextFolderImporter folder = new TextFolderImporter(corpusName(dir), dir, tok, opts);
                params.addProperty("tokenizer", tok.describe());
                params.addProperty("include", String.join(",", include));
                params.addProperty("exclude", String.join(",", exclude));
                params.addProperty("skipNonUtf8", skipNonUtf8);
                CorpusRecord c = run(pr, folder, params);
                System.out.printf("skipped %d empty and %d non-UTF-8 files%n", folder.emptySkipped(),
                        folder.nonUtf8Skipped());
                return c;
            }
            case "jsonl": {
                Path file = required(path, "jsonl FILE");
                if (textField == null) {
                    throw new IllegalArgumentException("--from jsonl needs --text-field F (the field with the text)");
                }
                TokenizerChoice tok = tokenizerChoice();
                JsonlImporter jsonl = new JsonlImporter(corpusName(file), file, textField, idField, tok);
                params.addProperty("tokenizer", tok.describe());
                params.addProperty("textField", textField);
                params.addProperty("idField", idField);
                CorpusRecord c = run(pr, jsonl, params);
                System.out.printf("skipped %d records with blank text%n", jsonl.emptySkipped());
                return c;
            }
            case "megatron":
                if (tokenizer != null) {
                    throw new IllegalArgumentException("--from megatron keeps the data's token ids: give its"
                            + " tokenizer with --tokenizer-json FILE, not --tokenizer");
                }
                return run(pr, megatron.job(name, path, params), params);
            default:
                throw new IllegalArgumentException("--from: unknown kind '" + kind
                        + "'; use folder DIR, jsonl FILE or megatron PREFIX");
        }
    }

    private CorpusRecord run(Project pr, CorpusImportJob job, JsonObject params) throws Exception {
        params.addProperty("name", job.name());
        return Jobs.run(pr, job, params.toString());
    }

    private String corpusName(Path path) {
        return name != null ? name : MegatronOptions.nameOf(path);
    }

    private Path required(Path path, String what) {
        if (path == null) {
            throw new IllegalArgumentException("--from needs a path: --from " + what);
        }
        return path;
    }

    /** The tokenizer for a text import: a trained BPE unless another is named. */
    TokenizerChoice tokenizerChoice() throws IOException {
        String kind = tokenizer == null ? "bpe" : tokenizer.get(0);
        String file = tokenizer != null && tokenizer.size() > 1 ? tokenizer.get(1) : null;
        if (file != null && !kind.equals("hf")) {
            throw new IllegalArgumentException("--tokenizer " + kind + " takes no file (got '" + file + "')");
        }
        switch (kind) {
            case "bpe":
                return TokenizerChoice.trainBpe(vocab == null ? 4096 : vocab, seed);
            case "byte":
                noVocab(kind, 257);
                return TokenizerChoice.bytes();
            case "hf":
                if (file == null) {
                    throw new IllegalArgumentException("--tokenizer hf needs the tokenizer.json: --tokenizer hf FILE");
                }
                HfTokenizer hf = HfTokenizer.load(Path.of(file).toAbsolutePath());
                noVocab(kind, hf.vocabSize());
                return TokenizerChoice.existing(hf);
            default:
                throw new IllegalArgumentException("--tokenizer: unknown kind '" + kind + "'; use bpe, byte or hf FILE");
        }
    }

    private void noVocab(String kind, int actual) {
        if (vocab != null && vocab != actual) {
            throw new IllegalArgumentException("--tokenizer " + kind + " has " + actual + " ids; drop --vocab " + vocab);
        }
    }
}
