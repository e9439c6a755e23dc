package mda.engine.corpus;

import java.util.ArrayList;
import java.util.List;
import mda.engine.util.SplitMix64;

/** English test text written for these tests, plus seeded sentences built from it. */
final class EnglishText {
    static final String[] PARAGRAPHS = {
        "The river was wider than the map suggested, and the ferry ran only twice a day. We waited on the bank "
            + "while the light changed from grey to gold, talking about the weather and the price of bread.",
        "A small workshop at the end of the street repaired clocks, radios and the occasional bicycle. The owner "
            + "kept every spare part in labelled drawers, and he could find any screw in the dark.",
        "When the train finally arrived, the platform filled with people carrying boxes, baskets and children. "
            + "Nobody seemed to be in a hurry, although the timetable said that the train was already late.",
        "She wrote letters every Sunday evening, always with the same green pen, and posted them on Monday "
            + "morning before work. Her friends said that the letters were better than any newspaper.",
        "In the autumn the orchard smelled of apples and wet leaves. The children collected the fallen fruit in "
            + "buckets, and their grandmother turned most of it into jam that lasted the whole winter.",
    };

    private EnglishText() {
    }

    /** {@code n} documents, each a few sentences recombined from the paragraphs by a seeded generator. */
    static List<String> documents(int n, long seed) {
        List<String> sentences = new ArrayList<>();
        for (String p : PARAGRAPHS) {
            for (String s : p.split("(?<=\\.) ")) {
                sentences.add(s);
            }
        }
        SplitMix64 rng = new SplitMix64(seed);
        List<String> docs = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            StringBuilder b = new StringBuilder();
            int k = 2 + rng.nextInt(4);
            for (int i = 0; i < k; i++) {
                b.append(i == 0 ? "" : " ").append(sentences.get(rng.nextInt(sentences.size())));
            }
            docs.add(b.toString());
        }
        return docs;
    }
}
