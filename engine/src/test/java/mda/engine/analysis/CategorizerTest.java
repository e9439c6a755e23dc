package mda.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import mda.engine.analysis.Categorizer.Category;
import org.junit.jupiter.api.Test;

class CategorizerTest {
    private final Categorizer cat = Categorizer.withDefaults();

    @Test
    void classifiesEachCategoryByTheOrderedRules() {
        assertEquals(Category.LATEX, cat.classify("We have \\begin{equation} x \\end{equation} here."));
        assertEquals(Category.LATEX, cat.classify("Let $a$ and $b$ with $c$ so $d$."));
        assertEquals(Category.XML_HTML, cat.classify("<html><body><p>Hi</p><br/></body></html>"));
        assertEquals(Category.CODE, cat.classify("x = f(a); y = g(b); { z(); }"));
        assertEquals(Category.CODE, cat.classify("import os\nimport sys\n  def main\n"));
        assertEquals(Category.PROSE, cat.classify("The cat sat on the mat, and then it left for good."));
        // LaTeX wins over XML when both rules fire.
        assertEquals(Category.LATEX, cat.classify("<a><b><c><d><e> \\begin{x}"));
    }

    @Test
    void thresholdsAreConfigurable() {
        String fourCommands = "\\alpha \\beta \\gamma \\delta and words";
        assertEquals(Category.PROSE, cat.classify(fourCommands));
        Categorizer loose = new Categorizer(new Categorizer.Thresholds(4, 4, 5, 0.04, 3, Set.of("def")));
        assertEquals(Category.LATEX, loose.classify(fourCommands));
        assertArrayEquals(new String[] {"LATEX", "PROSE"}, loose.classifyAll(List.of(fourCommands, "plain")));
        assertThrows(IllegalArgumentException.class,
            () -> new Categorizer.Thresholds(0, 4, 5, 0.04, 3, Set.of()));
    }
}
