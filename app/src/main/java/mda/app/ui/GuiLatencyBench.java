package mda.app.ui;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import mda.app.ui.common.RecentProjects;
import mda.app.ui.common.WorkbenchModel;
import mda.app.ui.samples.SampleRow;
import mda.app.ui.samples.SamplesViewModel;
import mda.engine.attribution.AttributionScores;
import mda.engine.corpus.Samples;
import mda.engine.corpus.SyntheticImportJob;
import mda.engine.corpus.TokenStore;
import mda.engine.jobs.CancellationToken;
import mda.engine.jobs.JobRunner;
import mda.engine.jobs.ProgressListener;
import mda.engine.model.ModelConfig;
import mda.engine.store.AttributionRecord;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;
import mda.engine.train.CheckpointPolicy;
import mda.engine.train.TrainConfig;
import mda.engine.train.TrainRuns;

/**
 * {@code mda bench --gui-latency}: builds (or reuses) a project whose attribution scores {@code n} samples of a
 * synthetic corpus, opens it in the real workbench window and times, on the FX thread: opening the project, loading
 * the attribution into the Samples screen, and click → Sample inspector laid out (median and p95 over random top
 * rows). Needs a display (a real one, {@code xvfb-run}, or the Monocle headless platform on the class path).
 */
public final class GuiLatencyBench {
    /** Target of one click → inspector, milliseconds. */
    public static final double CLICK_TARGET_MS = 100;
    /** Target of loading a million scores into the Samples screen (design §4: well under a second). */
    public static final double LOAD_TARGET_MS = 1000;
    private static final String SIZE_KEY = "bench.gui.samples";
    /** Default sample length: short, so that a million samples stay a small project. */
    public static final int DEFAULT_CTX = 16;

    /** The figures, milliseconds. */
    public record Result(long samples, double openMs, double loadMs, double firstClickMs, double clickMedianMs,
                         double clickP95Ms, int clicks) {
    }

    private GuiLatencyBench() {
    }

    /** Builds or reuses the project in {@code dir}, measures and prints the figures on {@code out}. */
    public static Result run(Path dir, long samples, int clicks, long seed, PrintStream out) throws Exception {
        return run(dir, samples, DEFAULT_CTX, clicks, seed, out);
    }

    /**
     * As {@link #run(Path, long, int, long, PrintStream)} with samples of {@code ctx} tokens: 2048 times the
     * inspector on Pythia-length samples.
     */
    public static Result run(Path dir, long samples, int ctx, int clicks, long seed, PrintStream out)
            throws Exception {
        if (ctx < 4) {
            throw new IllegalArgumentException("--gui-ctx must be at least 4, got " + ctx);
        }
        if (samples < 2 * SamplesViewModel.TOP_K) {
            throw new IllegalArgumentException("--gui-samples must be at least " + 2 * SamplesViewModel.TOP_K
                    + ", got " + samples);
        }
        if (clicks < 1) {
            throw new IllegalArgumentException("--gui-clicks must be at least 1, got " + clicks);
        }
        long t0 = System.nanoTime();
        boolean built = prepare(dir, samples, ctx, seed);
        out.printf(Locale.ROOT, "GUI latency bench: project %s with %,d scored samples of %d tokens (%s in %.1f s)%n",
                dir, samples, ctx, built ? "built" : "reused", (System.nanoTime() - t0) / 1e9);
        startFx();
        Result r = measure(dir, samples, clicks, seed);
        out.printf(Locale.ROOT, "open project:                    %8.1f ms%n", r.openMs());
        out.printf(Locale.ROOT, "load attribution into Samples:   %8.1f ms   (target < %.0f ms) %s%n", r.loadMs(),
                LOAD_TARGET_MS, r.loadMs() < LOAD_TARGET_MS ? "ok" : "SLOW");
        out.printf(Locale.ROOT, "first click -> inspector (cold): %8.1f ms   (target < %.0f ms) %s%n",
                r.firstClickMs(), CLICK_TARGET_MS, r.firstClickMs() < CLICK_TARGET_MS ? "ok" : "SLOW");
        out.printf(Locale.ROOT, "click -> inspector laid out:     median %.1f ms, p95 %.1f ms over the next %d clicks"
                + "   (target < %.0f ms) %s%n", r.clickMedianMs(), r.clickP95Ms(), r.clicks(), CLICK_TARGET_MS,
                r.clickP95Ms() < CLICK_TARGET_MS ? "ok" : "SLOW");
        return r;
    }

    static boolean prepare(Path dir, long samples, long seed) throws Exception {
        return prepare(dir, samples, DEFAULT_CTX, seed);
    }

    /** Creates the project unless {@code dir} already holds one built for {@code samples} of {@code ctx}; true when built. */
    static boolean prepare(Path dir, long samples, int ctx, long seed) throws Exception {
        String size = ctx == DEFAULT_CTX ? String.valueOf(samples) : samples + "x" + ctx;
        if (Files.isRegularFile(dir.resolve(Project.DB_FILE))) {
            try (Project p = Project.open(dir)) {
                if (p.settings().get(SIZE_KEY).map(v -> v.equals(size)).orElse(false)) {
                    return false;
                }
            }
        }
        if (Files.exists(dir)) {
            if (!Files.isRegularFile(dir.resolve(Project.DB_FILE))) {
                throw new IllegalArgumentException("--gui-project " + dir + " exists and is not an MDA project; "
                        + "name a new folder");
            }
            deleteTree(dir);
        }
        try (Project p = Project.create(dir)) {
            // documents of 200–400 tokens; windows of ctx+1 tokens, and a margin for the held-out windows
            int docs = (int) Math.ceil((samples + 64) * (ctx + 1) * 1.05 / 300.0) + 10;
            CorpusRecord corpus = JobRunner.runInProcess(p, new SyntheticImportJob(new SyntheticImportJob.Params(
                    "bench", 256, docs, 200, 400, 0.01, 1.0, 0.1, 0.05, 32, seed)), "{}", ProgressListener.none(),
                    new CancellationToken());
            ModelConfig cfg = new ModelConfig(2, 16, 2, 0, ctx, 256, 0.5, 10000, 1e-5, "neox");
            TrainConfig d = TrainConfig.defaults("toy-attn2", 8, 10, seed);
            TrainConfig tc = new TrainConfig("toy-attn2", 8, 10, 3e-3, 1, d.minLrRatio(), d.beta1(), d.beta2(),
                    d.eps(), 0.01, d.clipNorm(), seed, 1, mda.engine.device.Devices.Preference.CPU,
                    CheckpointPolicy.dense());
            RunRecord run = TrainRuns.createOrFind(p, "bench", corpus.name(), cfg, tc);
            long have = new Samples(TokenStore.open(p.blob(corpus.storePath())), ctx).sampleCount();
            if (have < samples) {
                throw new IllegalStateException("the synthetic corpus has " + have + " windows, fewer than "
                        + samples);
            }
            AttributionRecord rec = p.attributions().insert(AttributionRecord.draft(run.id(), 0, 1, 0,
                    "copy_target_synthetic", "qkvo", 0.1));
            String rel = "attributions/" + rec.id() + "/scores.bin";
            syntheticScores((int) samples, seed).write(p.blob(rel));
            p.attributions().update(rec.id(), "scored", null, rel);
            p.settings().put(SIZE_KEY, size);
        }
        return true;
    }

    /** Heavy-tailed scores of both signs (a few samples dominate, as in real attributions) for samples 0..n-1. */
    static AttributionScores syntheticScores(int n, long seed) {
        Random rnd = new Random(seed);
        int[] ids = new int[n];
        float[] scores = new float[n];
        float[] loss = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            double pareto = Math.pow(1 - rnd.nextDouble(), -1 / 1.5) - 1; // Pareto(1.5) shifted to start at 0
            scores[i] = (float) ((rnd.nextDouble() < 0.6 ? 1 : -1) * pareto * 1e-4);
            loss[i] = (float) (2 + rnd.nextDouble());
        }
        return new AttributionScores(ids, scores, loss);
    }

    private static void startFx() throws InterruptedException {
        CompletableFuture<Void> up = new CompletableFuture<>();
        try {
            Platform.startup(() -> up.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            up.complete(null);
        } catch (UnsupportedOperationException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("the GUI bench needs a display: run it under xvfb-run (xvfb-run ./mda "
                    + "bench --gui-latency) or on a desktop (" + e.getMessage() + ")", e);
        }
        Platform.setImplicitExit(false);
        up.join();
    }

    private static Result measure(Path dir, long samples, int clicks, long seed) throws Exception {
        Path recent = Files.createTempFile("mda-bench-recent", ".txt");
        WorkbenchModel model = fx(() -> new WorkbenchModel(new RecentProjects(recent)));
        MainWindow window = fx(() -> new MainWindow(model));
        Stage stage = fx(() -> {
            Stage s = new Stage();
            var screen = javafx.stage.Screen.getPrimary().getVisualBounds(); // Monocle's screen may be small
            Scene scene = new Scene(window.root(), Math.min(1280, screen.getWidth()),
                    Math.min(820, screen.getHeight()));
            scene.getStylesheets().add(Workbench.class.getResource(Workbench.CSS).toExternalForm());
            s.setScene(scene);
            s.show();
            window.show(MainWindow.SAMPLES);
            window.root().applyCss(); // skins (the split pane's children) exist from here on
            window.root().layout();
            return s;
        });
        try {
            // open: the project read and its runs and attributions listed, the Samples screen shows the first rows
            TableView<SampleRow> table = fx(() -> lookup(window.root(), "#sampleTable"));
            long t = System.nanoTime();
            fx(() -> {
                model.open(dir);
                return null;
            });
            double openMs = (System.nanoTime() - t) / 1e6;
            waitFx(() -> table.getItems().size() == 2 * SamplesViewModel.TOP_K, 600);

            // load: choosing the attribution again reads the scores blob and ranks it into the table
            AttributionRecord rec = fx(() -> model.attributionProperty().get());
            t = System.nanoTime();
            fx(() -> {
                model.attributionProperty().set(null);
                model.attributionProperty().set(rec);
                return null;
            });
            waitFx(() -> table.getItems().size() == 2 * SamplesViewModel.TOP_K, 600);
            double loadMs = (System.nanoTime() - t) / 1e6;

            Label header = fx(() -> lookup(window.root(), "#inspectorHeader"));
            Parent inspector = fx(() -> lookup(window.root(), "#sampleInspector"));
            Random rnd = new Random(seed);
            double[] ms = new double[clicks + 1]; // the first click runs cold code: reported on its own
            int top = Math.min(20, table.getItems().size());
            int last = -1;
            for (int i = 0; i < ms.length; i++) {
                int row;
                do {
                    row = rnd.nextInt(top);
                } while (row == last && top > 1);
                last = row;
                int r = row;
                ms[i] = fx(() -> {
                    long c = System.nanoTime();
                    table.getSelectionModel().clearAndSelect(r); // the selection event the inspector follows
                    inspector.applyCss(); // what the next pulse would do, timed here on the FX thread
                    inspector.layout();
                    double took = (System.nanoTime() - c) / 1e6;
                    SampleRow s = table.getItems().get(r);
                    if (!header.getText().startsWith("Sample #" + s.sampleId() + " ")) {
                        throw new IllegalStateException("the inspector shows '" + header.getText() + "' after a "
                                + "click on sample " + s.sampleId());
                    }
                    return took;
                });
            }
            double[] warm = Arrays.copyOfRange(ms, 1, ms.length);
            Arrays.sort(warm);
            return new Result(samples, openMs, loadMs, ms[0], warm[warm.length / 2],
                    warm[Math.min(warm.length - 1, (int) Math.ceil(0.95 * warm.length) - 1)], clicks);
        } finally {
            fx(() -> {
                stage.close();
                model.close();
                return null;
            });
            Files.deleteIfExists(recent);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T lookup(Parent root, String id) {
        Node n = root.lookup(id);
        if (n == null) {
            throw new IllegalStateException("the workbench window has no " + id);
        }
        return (T) n;
    }

    /** Runs {@code work} on the FX thread and returns its value. */
    static <T> T fx(Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static void waitFx(Callable<Boolean> done, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!fx(done)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the Samples screen did not fill within " + seconds + " s");
            }
            Thread.sleep(2);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
