package mda.engine.analysis;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ordered heuristics that put a decoded sample into a category for enrichment tables (spec §5.3): LaTeX first, then
 * XML/HTML, then code, otherwise prose. The thresholds are a record so the UI can show and change them.
 */
public final class Categorizer {
    /** Sample categories, in the order the rules are tried. */
    public enum Category { LATEX, XML_HTML, CODE, PROSE }

    private static final Pattern LATEX_COMMAND = Pattern.compile("\\\\[A-Za-z]+");
    private static final Pattern DOLLAR_PAIR = Pattern.compile("\\$[^$]+\\$");
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][\\w:-]*[^>]*>");
    private static final String CODE_CHARS = "{};()=";

    private final Thresholds thresholds;

    /**
     * Rule thresholds.
     *
     * @param latexCommands LaTeX if at least this many backslash commands (default 5)
     * @param dollarPairs LaTeX if at least this many $…$ pairs (default 4)
     * @param tags XML/HTML if at least this many tags (default 5)
     * @param codeCharDensity code if the share of { } ; ( ) = characters exceeds this (default 0.04)
     * @param keywordLines code if at least this many lines start with a keyword (default 3)
     * @param keywords the keywords checked at line starts
     */
    public record Thresholds(int latexCommands, int dollarPairs, int tags, double codeCharDensity, int keywordLines,
                             Set<String> keywords) {
        public Thresholds {
            if (latexCommands < 1 || dollarPairs < 1 || tags < 1 || keywordLines < 1) {
                throw new IllegalArgumentException("Categorizer.Thresholds: counts must be >= 1, got latexCommands="
                    + latexCommands + " dollarPairs=" + dollarPairs + " tags=" + tags + " keywordLines=" + keywordLines);
            }
            if (!(codeCharDensity > 0 && codeCharDensity < 1)) {
                throw new IllegalArgumentException("Categorizer.Thresholds: codeCharDensity must be in (0, 1), got "
                    + codeCharDensity);
            }
            keywords = Set.copyOf(keywords);
        }

        /** The spec's defaults. */
        public static Thresholds defaults() {
            return new Thresholds(5, 4, 5, 0.04, 3, Set.of("def", "class", "import", "from", "return", "if", "for",
                "while", "function", "var", "let", "const", "public", "private", "protected", "static", "package",
                "func", "fn", "#include", "#define", "using", "namespace", "struct", "void", "int", "elif", "else"));
        }
    }

    /** A categorizer with the given thresholds. */
    public Categorizer(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** A categorizer with the spec's defaults. */
    public static Categorizer withDefaults() {
        return new Categorizer(Thresholds.defaults());
    }

    /** The thresholds in use. */
    public Thresholds thresholds() {
        return thresholds;
    }

    /** Category of one decoded sample. */
    public Category classify(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Categorizer: text must not be null");
        }
        if (text.contains("\\begin{") || count(LATEX_COMMAND, text) >= thresholds.latexCommands()
            || count(DOLLAR_PAIR, text) >= thresholds.dollarPairs()) {
            return Category.LATEX;
        }
        if (count(TAG, text) >= thresholds.tags()) {
            return Category.XML_HTML;
        }
        if (isCode(text)) {
            return Category.CODE;
        }
        return Category.PROSE;
    }

    /** Category names of many samples, for {@link Enrichment#table}. */
    public String[] classifyAll(List<String> texts) {
        return texts.stream().map(t -> classify(t).name()).toArray(String[]::new);
    }

    private boolean isCode(String text) {
        if (!text.isEmpty()) {
            long codeChars = text.chars().filter(ch -> CODE_CHARS.indexOf(ch) >= 0).count();
            if ((double) codeChars / text.length() > thresholds.codeCharDensity()) {
                return true;
            }
        }
        int keywordLines = 0;
        for (String line : text.split("\n", -1)) {
            String s = line.stripLeading();
            int end = 0;
            while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_'
                || (end == 0 && s.charAt(0) == '#'))) {
                end++;
            }
            if (end > 0 && thresholds.keywords().contains(s.substring(0, end))) {
                keywordLines++;
            }
        }
        return keywordLines >= thresholds.keywordLines();
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int c = 0;
        while (m.find()) {
            c++;
        }
        return c;
    }
}
