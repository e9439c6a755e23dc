package mda.app.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.util.Duration;
import javax.imageio.ImageIO;

/**
 * With {@code -Dmda.gui.screenshots=DIR}: shows each screen in turn, waits for it to load, writes DIR/NAME.png
 * from the real window's scene, then quits. Used to take the README's screenshots under Xvfb.
 */
final class ScreenshotTour {
    private static final List<String> SCREENS = List.of(MainWindow.PROJECT, MainWindow.TRAINING,
            MainWindow.ATTENTION, MainWindow.ATTRIBUTION, MainWindow.SAMPLES, MainWindow.INTERVENTIONS, MainWindow.EXPORT);
    private final MainWindow window;
    private final Scene scene;
    private final Path dir;
    private int next;

    ScreenshotTour(MainWindow window, Scene scene, Path dir) {
        this.window = window;
        this.scene = scene;
        this.dir = dir;
    }

    void start() {
        Timeline t = new Timeline(new KeyFrame(Duration.seconds(Double.parseDouble(
                System.getProperty("mda.gui.screenshotDelay", "8"))), e -> step()));
        t.setCycleCount(SCREENS.size() + 1);
        window.show(SCREENS.get(0));
        t.play();
    }

    private void step() {
        if (next > 0) {
            snap(SCREENS.get(next - 1));
        }
        if (next < SCREENS.size()) {
            window.show(SCREENS.get(next));
            if (MainWindow.ATTRIBUTION.equals(SCREENS.get(next))) {
                later(window::compareWithAnotherAttribution);
            }
            if (MainWindow.SAMPLES.equals(SCREENS.get(next))) {
                later(window::inspectFirstSample);
            }
            if (MainWindow.EXPORT.equals(SCREENS.get(next))) {
                window.exportAllTo(Path.of(System.getProperty("java.io.tmpdir"), "mda-figures-example"));
            }
            next++;
        } else {
            Platform.exit();
        }
    }

    /** Runs {@code r} halfway to the next snapshot, once the screen has loaded its data. */
    private void later(Runnable r) {
        javafx.animation.PauseTransition p = new javafx.animation.PauseTransition(Duration.seconds(Double.parseDouble(
                System.getProperty("mda.gui.screenshotDelay", "8")) / 2));
        p.setOnFinished(e -> r.run());
        p.play();
    }

    private void snap(String name) {
        try {
            Files.createDirectories(dir);
            String file = name.toLowerCase().replace(' ', '-') + ".png";
            ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", dir.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write screenshot of " + name + " to " + dir, e);
        }
    }
}
