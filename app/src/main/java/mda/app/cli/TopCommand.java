package mda.app.cli;

import java.util.concurrent.Callable;
import mda.engine.attribution.AttributionData;
import mda.engine.attribution.TopSamples;
import mda.engine.corpus.Tokenizer;
import mda.engine.store.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mda top}: the most helpful (or harmful) training samples of an attribution. */
@Command(name = "top", description = "The top (or bottom) samples of an attribution with their repeated spans.")
final class TopCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--attribution", required = true, description = "attribution id (printed by 'mda attribute')")
    long id;

    @Option(names = "--k", defaultValue = "10", description = "rows (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--bottom", description = "the most negative (harmful) samples instead")
    boolean bottom;

    @Option(names = "--tokens", defaultValue = "5",
            description = "tokens shown per sample with the largest contributions (default: ${DEFAULT-VALUE})")
    int tokensShown;

    @Override
    public Integer call() throws Exception {
        try (Project p = project.open()) {
            AttributionData data = AttributionData.open(p, id);
            Tokenizer tok = AttributionData.tokenizer(p, data.corpus());
            var rec = data.record();
            System.out.printf("attribution %d: L%d.H%d of run %s at step %d, probe %s, mode %s "
                            + "(positive = helps the head form); %s %d of %,d%n", rec.id(), rec.layer(), rec.head(),
                    data.run().name(), rec.step(), rec.probe(), rec.mode(), bottom ? "bottom" : "top", k,
                    data.scores().size());
            System.out.printf("%5s  %12s  %10s  %-12s  %6s  %s%n", "rank", "score", "sample", "category", "repeat",
                    "repeated span");
            for (TopSamples.Row r : TopSamples.of(data, k, bottom)) {
                String span = r.repeatTokens().length == 0 ? "" : oneLine(tok.decode(r.repeatTokens()));
                System.out.printf("%5d  %12.5g  %10d  %-12s  %6d  %s%n", r.rank(), r.score(), r.sampleId(),
                        r.category(), r.repeat().length(), span);
                if (r.contributions() != null) {
                    System.out.println("       " + carriers(r, tok, tokensShown, bottom));
                }
            }
        }
        return 0;
    }

    /** The positions carrying the most influence (most negative for --bottom), as token@position:contribution. */
    static String carriers(TopSamples.Row r, Tokenizer tok, int n, boolean negative) {
        float[] c = r.contributions();
        Integer[] idx = new Integer[c.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> negative ? Float.compare(c[a], c[b]) : Float.compare(c[b], c[a]));
        StringBuilder sb = new StringBuilder(negative ? "most harmful tokens:" : "most helpful tokens:");
        for (int k = 0; k < Math.min(n, idx.length); k++) {
            int t = idx[k];
            sb.append(String.format(" %s@%d:%+.3g", oneLine(tok.decode(new int[] {r.tokens()[t]})).strip(), t, c[t]));
        }
        return sb.toString();
    }

    static String oneLine(String s) {
        String t = s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
