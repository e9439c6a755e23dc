package mda.app.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import mda.engine.corpus.CorpusComposition;
import mda.engine.corpus.TokenStore;
import mda.engine.corpus.Tokenizer;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mda corpus import|info}. */
@Command(name = "corpus", description = "Import or describe corpora.",
        subcommands = {CorpusImportCommand.class, CorpusCommand.Info.class})
final class CorpusCommand {

    @Command(name = "info", description = "Size and composition of the project's corpora.")
    static final class Info implements Callable<Integer> {
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
                    print(pr, c);
                }
            }
            return 0;
        }

        private static void print(Project pr, CorpusRecord c) throws IOException {
            TokenStore store = TokenStore.open(pr.blob(c.storePath()));
            Tokenizer tok = null;
            String tokLine;
            try {
                tok = Tokenizer.load(pr.blob(c.tokenizerPath()));
                tokLine = tok.kind() + ", vocabulary " + tok.vocabSize();
            } catch (IOException | RuntimeException e) {
                tokLine = "unreadable (" + e.getMessage() + ")";
            }
            CorpusComposition comp = CorpusComposition.of(store, tok, CorpusComposition.DEFAULT_MEASURE_TOKENS);
            System.out.printf("corpus %s (%s): %,d tokens, %,d documents, store vocabulary %d%n", c.name(),
                    c.kind(), comp.tokens(), comp.documents(), store.vocab());
            System.out.printf("  tokenizer  %s%n", tokLine);
            if (!Double.isNaN(comp.bytesPerToken())) {
                System.out.printf("  text       %.2f bytes/token (%s %,d tokens)%n", comp.bytesPerToken(),
                        comp.exact() ? "all" : "measured on", comp.measuredTokens());
            }
            comp.byCategory().forEach((cat, s) -> System.out.printf("  %-16s %,8d documents %,12d tokens (%.1f%%)%n",
                    cat, s.documents(), s.tokens(), 100.0 * comp.tokenShare(cat)));
        }
    }
}
