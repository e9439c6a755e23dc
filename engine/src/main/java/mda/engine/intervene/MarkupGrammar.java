package mda.engine.intervene;

import java.util.List;
import mda.engine.util.SplitMix64;

/**
 * The template variant of the synthetic mimics (SYN-markup, spec §6.3 step 3): text from small grammars whose
 * structure repeats by construction. Nested XML with a per-sample tag vocabulary (every element closes with its own
 * name), LaTeX environments ({@code \begin{env}…\end{env}}), {@code \item} lists and tabular rows with {@code &}.
 * Each sample draws its own few tag, environment and word choices, so the repeats are in-context, not memorisable.
 */
final class MarkupGrammar {
    private static final List<String> TAGS = List.of("item", "entry", "row", "field", "name", "value", "group",
            "node", "list", "key", "param", "record", "column", "section", "option", "property", "element", "child");
    private static final List<String> ENVS = List.of("itemize", "enumerate", "description", "center", "quote",
            "table", "figure", "theorem", "proof", "align");
    private static final List<String> WORDS = List.of("alpha", "beta", "gamma", "delta", "value", "index", "count",
            "first", "second", "third", "left", "right", "total", "mean", "sample", "token", "head", "layer", "step",
            "order", "input", "output", "weight", "score", "model", "train", "test", "data", "set", "rate");

    private final SplitMix64 rng;
    private final String[] tags;
    private final String[] words;

    /** A generator for one sample: its tag and word vocabularies are drawn from {@code rng} now. */
    MarkupGrammar(SplitMix64 rng) {
        this.rng = rng;
        this.tags = pick(TAGS, 3 + rng.nextInt(3));
        this.words = pick(WORDS, 5 + rng.nextInt(4));
    }

    /** Appends blocks until {@code out} holds at least {@code minChars} characters. */
    void fill(StringBuilder out, int minChars) {
        while (out.length() < minChars) {
            switch (rng.nextInt(4)) {
                case 0 -> xml(out, 0);
                case 1 -> environment(out);
                case 2 -> list(out);
                default -> tabular(out);
            }
            out.append('\n');
        }
    }

    private void xml(StringBuilder out, int depth) {
        String tag = tags[rng.nextInt(tags.length)];
        indent(out, depth).append('<').append(tag);
        if (rng.nextInt(2) == 0) {
            out.append(" id=\"").append(word()).append(rng.nextInt(10)).append('"');
        }
        out.append('>');
        if (depth < 2 && rng.nextInt(3) > 0) {
            out.append('\n');
            int children = 1 + rng.nextInt(3);
            for (int i = 0; i < children; i++) {
                xml(out, depth + 1);
                out.append('\n');
            }
            indent(out, depth);
        } else {
            out.append(word()).append(' ').append(word());
        }
        out.append("</").append(tag).append('>');
    }

    private void environment(StringBuilder out) {
        String env = ENVS.get(rng.nextInt(ENVS.size()));
        out.append("\\begin{").append(env).append("}\n");
        int lines = 1 + rng.nextInt(3);
        for (int i = 0; i < lines; i++) {
            out.append("  ").append(word()).append(' ').append(word()).append(' ').append(word()).append('\n');
        }
        out.append("\\end{").append(env).append('}');
    }

    private void list(StringBuilder out) {
        out.append("\\begin{itemize}\n");
        int items = 2 + rng.nextInt(4);
        for (int i = 0; i < items; i++) {
            out.append("  \\item ").append(word()).append(' ').append(word()).append('\n');
        }
        out.append("\\end{itemize}");
    }

    private void tabular(StringBuilder out) {
        int cols = 2 + rng.nextInt(3);
        out.append("\\begin{tabular}{").append("l".repeat(cols)).append("}\n");
        int rows = 2 + rng.nextInt(4);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out.append(c == 0 ? "  " : " & ").append(c == 0 ? word() : String.valueOf(rng.nextInt(100)));
            }
            out.append(" \\\\\n");
        }
        out.append("\\end{tabular}");
    }

    private String word() {
        return words[rng.nextInt(words.length)];
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        return out.append("  ".repeat(depth));
    }

    /** {@code k} distinct entries of {@code from} (partial Fisher–Yates). */
    private String[] pick(List<String> from, int k) {
        String[] all = from.toArray(new String[0]);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(all.length - i);
            String t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, k);
    }
}
