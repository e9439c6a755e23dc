package mda.app.ui.project;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import mda.engine.corpus.DocumentInfo;
import mda.engine.corpus.TokenStore;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;

/**
 * One corpus as the Project screen lists it: sizes from the store row, and the category mix as the share of
 * tokens per document category read from the token store's document table.
 */
public record CorpusSummary(String name, String kind, long documents, long tokens, int vocab,
                            Map<String, Long> tokensByCategory) {

    /** Reads the summary of {@code corpus}; a missing token store leaves the mix empty. */
    public static CorpusSummary of(Project project, CorpusRecord corpus) throws IOException {
        Map<String, Long> mix = new TreeMap<>();
        if (corpus.storePath() != null) {
            try (TokenStore store = TokenStore.open(project.blob(corpus.storePath()))) {
                for (int d = 0; d < store.documentCount(); d++) {
                    DocumentInfo doc = store.document(d);
                    String c = doc.category() == null || doc.category().isEmpty() ? "unknown" : doc.category();
                    mix.merge(c, (long) doc.length(), Long::sum);
                }
            }
        }
        return new CorpusSummary(corpus.name(), corpus.kind(), corpus.documents(), corpus.tokens(), corpus.vocab(),
                mix);
    }

    /** "code 52% · prose 48%": categories by token share, largest first. */
    public String mixText() {
        long total = tokensByCategory.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "—";
        }
        StringBuilder sb = new StringBuilder();
        tokensByCategory.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sb.append(sb.length() == 0 ? "" : " · ").append(e.getKey()).append(' ')
                        .append(Math.round(100.0 * e.getValue() / total)).append('%'));
        return sb.toString();
    }
}
