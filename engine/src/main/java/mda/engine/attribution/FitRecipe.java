package mda.engine.attribution;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import mda.engine.store.Blobs;

/**
 * What fitted an attribution's factors beyond its row (run, step, head, mode and damping are there): the size of the
 * fitting subset and the batch, which decide the subset and the sampled labels. Saved beside {@code factors.bin} as
 * {@code factors.recipe}, so that a later attribution of the same head with another probe can take the factors
 * instead of refitting them (the fit is deterministic, so they are the factors it would fit).
 */
record FitRecipe(int fitSequences, int batch, double damping) {
    static final String FILE = "factors.recipe";
    private static final int VERSION = 1;

    static FitRecipe of(AttributionJob.Params p) {
        return new FitRecipe(p.fitSequences(), p.batch(), p.damping());
    }

    void write(Path file) throws IOException {
        Properties props = new Properties();
        props.setProperty("version", Integer.toString(VERSION));
        props.setProperty("fitSequences", Integer.toString(fitSequences));
        props.setProperty("batch", Integer.toString(batch));
        props.setProperty("damping", Double.toString(damping));
        Blobs.writeAtomic(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(w, "how these EK-FAC factors were fitted");
            }
        });
    }

    /** The recipe in {@code file}, or null when there is none or it cannot be read (then nothing is reused). */
    static FitRecipe read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
            if (!Integer.toString(VERSION).equals(props.getProperty("version"))) {
                return null;
            }
            return new FitRecipe(Integer.parseInt(props.getProperty("fitSequences")),
                    Integer.parseInt(props.getProperty("batch")), Double.parseDouble(props.getProperty("damping")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d fitting sequences, batch %d, damping %s", fitSequences, batch, damping);
    }
}
