package mda.engine.intervene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mda.engine.attribution.AttributionScores;
import mda.engine.intervene.InterventionPlan.Fill;
import mda.engine.intervene.InterventionPlan.Kind;
import mda.engine.train.DataOrder;
import org.junit.jupiter.api.Test;

/** Synthetic mimic samples (spec §6.3): estimation, generation and the SYN plans' order edits. */
class SynthesisTest {
    private static final int N = 65;

    /** Distinct background ids 100.. with a span of 6 planted at 5, 20 and 40: one span, 3 occurrences. */
    private static int[] planted() {
        int[] t = new int[N];
        for (int i = 0; i < N; i++) {
            t[i] = 100 + i;
        }
        int[] span = {1, 2, 3, 4, 5, 6};
        for (int p : new int[] {5, 20, 40}) {
            System.arraycopy(span, 0, t, p, span.length);
        }
        return t;
    }

    @Test
    void estimatesSpanLengthGapsAndCountsFromTheTopSamples() {
        MimicStats s = MimicStats.estimate(List.of(planted()));
        assertArrayEquals(new int[] {6}, s.lengths());
        assertArrayEquals(new int[] {15, 20}, s.gaps());
        assertArrayEquals(new int[] {3}, s.counts());
        assertEquals(16, s.minDistance(), "D = min(64, 65/4)");
        assertThrows(IllegalArgumentException.class, () -> MimicStats.estimate(List.of(new int[] {1, 2, 3, 4, 5, 6,
                7, 8, 9, 10})), "no repeats: nothing to mimic");
    }

    private static MimicStats stats() {
        return new MimicStats(new int[] {4, 6, 9}, new int[] {12, 20, 31}, new int[] {2, 3}, 0.5, 4, 16);
    }

    private static long[] unigram() {
        long[] u = new long[50];
        for (int i = 1; i < u.length; i++) {
            u[i] = i; // id 0 never drawn
        }
        return u;
    }

    @Test
    void generatedSampleHasTheLengthAndRepeatsDrawnFromTheDistributions() {
        MimicStats st = stats();
        Set<Integer> lengths = new HashSet<>();
        Arrays.stream(st.lengths()).forEach(lengths::add);
        Set<Integer> gaps = new HashSet<>();
        Arrays.stream(st.gaps()).forEach(gaps::add);
        for (MimicGenerator.Source src : List.of(MimicGenerator.Source.RANDOM, MimicGenerator.Source.COPY)) {
            MimicGenerator g = new MimicGenerator(st, src, unigram(), List.of(planted()));
            for (long seed = 1; seed <= 20; seed++) {
                MimicGenerator.Sample s = g.generate(N, seed);
                assertEquals(N, s.tokens().length);
                assertFalse(s.spans().isEmpty(), "a span was placed");
                for (MimicGenerator.Placement p : s.spans()) {
                    assertTrue(lengths.contains(p.length()), "length " + p.length());
                    assertTrue(p.positions().length >= 2 && p.positions().length <= 3, "count");
                    int[] first = Arrays.copyOfRange(s.tokens(), p.positions()[0], p.positions()[0] + p.length());
                    for (int i = 1; i < p.positions().length; i++) {
                        int gap = p.positions()[i] - p.positions()[i - 1];
                        assertTrue(gaps.contains(gap), "gap " + gap);
                        assertArrayEquals(first, Arrays.copyOfRange(s.tokens(), p.positions()[i],
                                p.positions()[i] + p.length()), "occurrence " + i + " is an exact copy");
                    }
                    if (src == MimicGenerator.Source.COPY) {
                        assertTrue(p.source().startsWith("copy:0@"), p.source());
                    }
                }
                for (int t : s.tokens()) {
                    assertTrue(t >= 1 && t < 50 || t >= 100, "token " + t + " from the unigram or the top sample");
                }
                assertArrayEquals(s.tokens(), g.generate(N, seed).tokens(), "same seed, same sample");
                assertNotEquals(Arrays.toString(s.tokens()), Arrays.toString(g.generate(N, seed + 100).tokens()));
            }
        }
    }

    @Test
    void markupSamplesAreGrammarTextWhoseTagsAndEnvironmentsRepeat() {
        mda.engine.corpus.ByteTokenizer bytes = new mda.engine.corpus.ByteTokenizer();
        MimicGenerator g = new MimicGenerator(stats(), MimicGenerator.Source.MARKUP, unigram(), List.of(),
                bytes::encode);
        int n = 257;
        for (long seed = 1; seed <= 20; seed++) {
            MimicGenerator.Sample s = g.generate(n, seed);
            assertEquals(n, s.tokens().length);
            assertArrayEquals(s.tokens(), g.generate(n, seed).tokens(), "same seed, same sample");
            String text = bytes.decode(s.tokens());
            java.util.regex.Matcher open = java.util.regex.Pattern.compile("<([a-z]+)[ >]").matcher(text);
            java.util.regex.Matcher begin = java.util.regex.Pattern.compile("\\\\begin\\{([a-z]+)\\}")
                    .matcher(text);
            int closed = 0;
            int seen = 0;
            while (open.find()) {
                seen++;
                closed += text.indexOf("</" + open.group(1) + ">", open.end()) >= 0 ? 1 : 0;
            }
            while (begin.find()) {
                seen++;
                closed += text.indexOf("\\end{" + begin.group(1) + "}", begin.end()) >= 0 ? 1 : 0;
            }
            assertTrue(seen >= 2, "seed " + seed + ": the sample holds markup: " + text);
            // every block that starts early enough to end inside the sample closes with its own name
            assertTrue(closed >= seen - 4, "seed " + seed + ": " + closed + " of " + seen + " blocks close");
            assertTrue(s.ipf() > 0, "grammar text repeats 2-grams at a distance");
        }
        assertThrows(IllegalArgumentException.class,
                () -> new MimicGenerator(stats(), MimicGenerator.Source.MARKUP, unigram(), List.of()));
    }

    @Test
    void generationStopsOnceTheIpfTargetIsReached() {
        MimicStats low = new MimicStats(new int[] {8}, new int[] {20}, new int[] {2}, 0.05, 4, 16);
        MimicGenerator g = new MimicGenerator(low, MimicGenerator.Source.RANDOM, unigram(), List.of());
        for (long seed = 1; seed <= 10; seed++) {
            MimicGenerator.Sample s = g.generate(N, seed);
            assertTrue(s.ipf() >= 0.05, "target reached: " + s.ipf());
            double before = mda.engine.analysis.RepetitionStats.ipf(s.tokens(), 2, 16).longRangeFraction();
            assertEquals(before, s.ipf(), 1e-12);
            assertTrue(s.spans().size() <= 3, "stops early: " + s.spans().size() + " spans");
        }
    }

    /** 20 steps of 8 over 400 samples; window of 10 steps; scores = −id so TOP is the smallest ids seen. */
    private static Object[] setUp() {
        DataOrder base = DataOrder.build(400, 8, 20, 7);
        long[] cands = Arrays.stream(mda.engine.attribution.AttributionJob.candidates(base, 10)).toArray();
        int[] ids = new int[cands.length];
        float[] scores = new float[cands.length];
        for (int i = 0; i < cands.length; i++) {
            ids[i] = (int) cands[i];
            scores[i] = (float) Math.sin(cands[i] * 1.3);
        }
        AttributionScores sc = new AttributionScores(ids, scores, new float[ids.length]);
        List<int[]> top = new ArrayList<>();
        for (int i = 0; i < new InterventionPlan(Kind.SYN_RANDOM, 10, 2, Fill.AUTO, 1, 5).setSize(ids.length); i++) {
            top.add(planted());
        }
        return new Object[] {base, sc, new SynthesisEditor.CorpusView(top, unigram(), N - 1)};
    }

    @Test
    void synthesisPlansChangeOnlyTheDuplicatePlansSlots() {
        Object[] s = setUp();
        DataOrder base = (DataOrder) s[0];
        AttributionScores sc = (AttributionScores) s[1];
        SynthesisEditor.CorpusView plain = (SynthesisEditor.CorpusView) s[2];
        SynthesisEditor.CorpusView view = new SynthesisEditor.CorpusView(plain.topTokens(), plain.unigram(),
                plain.context(), new mda.engine.corpus.ByteTokenizer()::encode);
        PlanEditor.Edit dup = PlanEditor.apply(new InterventionPlan(Kind.DUPLICATE_TOP, 10, 2, Fill.AUTO, 1, 5),
                base, sc, 10);
        for (Kind k : new Kind[] {Kind.SYN_RANDOM, Kind.SYN_COPY, Kind.SYN_MARKUP, Kind.SYN_CONTROL}) {
            InterventionPlan plan = new InterventionPlan(k, 10, 2, Fill.AUTO, 1, 5);
            SynthesisEditor.Synthesis syn = SynthesisEditor.apply(plan, base, sc, 10, view);
            PlanEditor.Edit e = syn.edit();
            assertArrayEquals(dup.copySlots(), e.copySlots(), k + ": the DUP plan's overwrite slots");
            Set<Long> slots = new HashSet<>();
            for (long x : e.copySlots()) {
                slots.add(x);
                assertTrue(x < 10 * 8, "inside the window");
            }
            for (long i = 0; i < base.slotCount(); i++) {
                if (!slots.contains(i)) {
                    assertEquals(base.sampleAt(i), e.order().sampleAt(i), k + " slot " + i);
                }
            }
            assertEquals(e.copySlots().length, e.changedSlots());
            for (int i = 0; i < e.copySlots().length; i++) {
                long id = e.order().sampleAt(e.copySlots()[i]);
                assertEquals(e.samples()[i], id);
                if (k.generates()) {
                    assertEquals(400 + 2L * i + 1, id, "synthetic ids follow the base's samples");
                    assertEquals(N, syn.generated().get(i).tokens().length);
                } else {
                    assertTrue(id < 400);
                }
            }
            assertEquals(k.generates() ? 400 + 2L * e.copySlots().length + 1 : 400, e.order().sampleCount());
            assertEquals(e.order(), SynthesisEditor.apply(plan, base, sc, 10, view).edit().order(), "seeded");
        }
        assertEquals(Fill.RESERVE, SynthesisEditor.apply(new InterventionPlan(Kind.SYN_CONTROL, 10, 2, Fill.AUTO, 1,
                5), base, sc, 10, view).edit().plan().fill(), "160 of 400 samples used: the reserve refills");
        assertThrows(IllegalArgumentException.class, () -> PlanEditor.apply(new InterventionPlan(Kind.SYN_RANDOM, 10,
                2, Fill.AUTO, 1, 5), base, sc, 10));
    }
}
