package mda.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CategorizerTest {
    private static final String JAVA = "package a;\nimport java.util.List;\npublic class A {\n"
            + "    private int x = 1;\n    void f() { System.out.println(\"a\\nb\\n\"); }\n}\n";
    private static final String HTML = "<html><head><title>T</title></head><body><p>Some words here.</p>"
            + "<a href=\"x\">link</a></body></html>";
    private static final String LATEX = "We have \\begin{equation} x = y \\end{equation} in the text.";
    private static final String LATEX_DOLLARS = "Let $a$ and $b$ be reals with $a<b$; then $a+b$ is finite.";
    private static final String PROSE = "The orchard smelled of apples and wet leaves, and the children collected "
            + "the fallen fruit in buckets before the rain came back in the evening.";

    @ParameterizedTest
    @CsvSource({"src/A.java, code", "page.HTML, html-xml", "pom.xml, html-xml", "paper.tex, latex",
        "data.json, other", "lib/x.py, code"})
    void extensionDecidesWhenKnown(String path, String expected) {
        assertEquals(expected, Categorizer.categorize(path, PROSE));
    }

    @Test
    void contentHeuristicsFollowSpecOrder() {
        assertEquals(Categorizer.CODE, Categorizer.categorize("noext", JAVA));
        assertEquals(Categorizer.HTML_XML, Categorizer.categorize(null, HTML));
        assertEquals(Categorizer.LATEX, Categorizer.categorize("", LATEX));
        assertEquals(Categorizer.LATEX, Categorizer.categorize("", LATEX_DOLLARS));
        assertEquals(Categorizer.PROSE, Categorizer.categorize("notes.txt", PROSE));
        assertEquals(Categorizer.PROSE, Categorizer.categorize("", PROSE));
        // LaTeX wins over tags when both qualify (§5.3 order).
        assertEquals(Categorizer.LATEX, Categorizer.categorize("", HTML + LATEX));
    }

    @Test
    void stringEscapesInCodeAreNotLatexCommands() {
        String code = "s = \"a\\n\"; t = \"\\t\"; u = \"\\n\\n\"; v = \"\\r\\n\"; w = \"x\\n\";";
        assertEquals(Categorizer.CODE, Categorizer.categorize("", code));
    }

    @Test
    void blankOrNumericTextIsOther() {
        assertEquals(Categorizer.OTHER, Categorizer.categorize("", "  \n "));
        assertEquals(Categorizer.OTHER, Categorizer.categorize("", "1, 2, 3, 4\n5, 6, 7, 8\n9, 10, 11, 12"));
        assertEquals(Categorizer.PROSE, Categorizer.categorize("README.md", "1 2 3 4 5 6"));
    }

    @Test
    void thresholdsAreConfigurable() {
        Categorizer strict = new Categorizer(new Categorizer.Thresholds(5, 4, 50, 0.5, 100, 0.3));
        assertEquals(Categorizer.PROSE, strict.classifyText(HTML));
        assertEquals(Categorizer.HTML_XML, new Categorizer(Categorizer.Thresholds.defaults()).classifyText(HTML));
    }
}
