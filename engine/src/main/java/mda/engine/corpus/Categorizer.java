package mda.engine.corpus;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assigns a document category: by file extension when it is decisive, otherwise by the ordered content
 * heuristics of mda-algorithm.md §5.3 (LaTeX, then XML/HTML, then code, then prose), with "other" for blank or
 * mostly non-letter text (tables of numbers, data dumps).
 */
public final class Categorizer {
    public static final String CODE = "code";
    public static final String HTML_XML = "html-xml";
    public static final String PROSE = "prose";
    public static final String LATEX = "latex";
    public static final String OTHER = "other";

    /**
     * Content thresholds (configurable, shown in the UI).
     *
     * @param latexCommands     at least this many backslash commands makes it LaTeX
     * @param latexDollarPairs  at least this many {@code $…$} pairs makes it LaTeX
     * @param tags              at least this many XML/HTML tags makes it html-xml
     * @param codePunctDensity  fraction of characters in {@code { } ; ( ) =} above which it is code
     * @param codeKeywordLines  at least this many lines starting with a keyword makes it code
     * @param minLetterFraction below this fraction of letters (among non-space characters) it is "other"
     */
    public record Thresholds(int latexCommands, int latexDollarPairs, int tags, double codePunctDensity,
                             int codeKeywordLines, double minLetterFraction) {
        /** The §5.3 defaults. */
        public static Thresholds defaults() {
            return new Thresholds(5, 4, 5, 0.04, 3, 0.3);
        }
    }

    private static final Set<String> CODE_EXT = Set.of("java", "kt", "scala", "groovy", "py", "c", "h", "cc", "cpp",
            "hpp", "cs", "js", "ts", "go", "rs", "rb", "sh", "swift", "m", "php", "pl", "lua", "r", "jl", "sql");
    private static final Set<String> MARKUP_EXT = Set.of("html", "htm", "xhtml", "xml", "xsd", "xsl", "svg", "pom",
            "fxml", "jsp");
    private static final Set<String> LATEX_EXT = Set.of("tex", "sty", "cls", "bib");
    private static final Set<String> PROSE_EXT = Set.of("txt", "md", "rst", "adoc");
    private static final Set<String> OTHER_EXT = Set.of("json", "csv", "tsv", "yaml", "yml", "properties", "ini");

    // "\n", "\t", "\r" followed by a non-letter are string escapes in code, not LaTeX commands.
    private static final Pattern LATEX_COMMAND = Pattern.compile("\\\\(?![ntr](?![A-Za-z]))[A-Za-z]+");
    private static final Pattern DOLLAR_PAIR = Pattern.compile("\\$[^$\\n]+\\$");
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][\\w:-]*[^>]*>");
    private static final Pattern KEYWORD_LINE = Pattern.compile("(?m)^[ \\t]*(import|package|public|private|"
            + "protected|class|interface|def|return|if|for|while|function|var|let|const|static|void|int|using|"
            + "namespace|from|else|try|catch|switch|case|#include|#define|@Override)\\b");

    private final Thresholds thresholds;

    public Categorizer(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** Category with the default thresholds: extension first (when decisive), then content. */
    public static String categorize(String path, String text) {
        return new Categorizer(Thresholds.defaults()).classify(path, text);
    }

    /** Category from the extension of {@code path} (may be null or empty), falling back to {@link #classifyText}. */
    public String classify(String path, String text) {
        String ext = extension(path);
        if (CODE_EXT.contains(ext)) {
            return CODE;
        }
        if (MARKUP_EXT.contains(ext)) {
            return HTML_XML;
        }
        if (LATEX_EXT.contains(ext)) {
            return LATEX;
        }
        if (OTHER_EXT.contains(ext)) {
            return OTHER;
        }
        String byContent = classifyText(text);
        // A .txt/.md file is prose unless its content is clearly something else.
        return PROSE_EXT.contains(ext) && byContent.equals(OTHER) ? PROSE : byContent;
    }

    /** The §5.3 ordered content heuristics. */
    public String classifyText(String text) {
        if (text == null || text.isBlank() || letterFraction(text) < thresholds.minLetterFraction()) {
            return OTHER;
        }
        if (text.contains("\\begin{") || count(LATEX_COMMAND, text) >= thresholds.latexCommands()
                || count(DOLLAR_PAIR, text) >= thresholds.latexDollarPairs()) {
            return LATEX;
        }
        if (count(TAG, text) >= thresholds.tags()) {
            return HTML_XML;
        }
        long punct = text.chars().filter(c -> "{};()=".indexOf(c) >= 0).count();
        if (punct > thresholds.codePunctDensity() * text.length()
                || count(KEYWORD_LINE, text) >= thresholds.codeKeywordLines()) {
            return CODE;
        }
        return PROSE;
    }

    private static String extension(String path) {
        if (path == null) {
            return "";
        }
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static double letterFraction(String text) {
        long nonSpace = text.chars().filter(c -> !Character.isWhitespace(c)).count();
        long letters = text.chars().filter(Character::isLetter).count();
        return nonSpace == 0 ? 0 : (double) letters / nonSpace;
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
