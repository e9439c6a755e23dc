package mda.app.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import mda.app.ui.common.RecentProjects;
import mda.app.ui.common.WorkbenchModel;

/**
 * The JavaFX application. Started through {@link mda.app.GuiLauncher} (a main class that extends Application
 * fails on the class path). The first parameter, when given, is the project folder to open.
 */
public final class Workbench extends Application {
    /** The stylesheet every window uses. */
    public static final String CSS = "/mda/app/ui/workbench.css";

    private WorkbenchModel model;

    @Override
    public void start(Stage stage) {
        model = new WorkbenchModel(RecentProjects.standard());
        Path dir = initialProject(getParameters().getRaw().isEmpty() ? null : getParameters().getRaw().get(0));
        MainWindow window = new MainWindow(model);
        if (dir != null) {
            model.open(dir);
        }
        Scene scene = new Scene(window.root(), 1280, 820);
        scene.getStylesheets().add(Workbench.class.getResource(CSS).toExternalForm());
        stage.setTitle("MDA Workbench");
        stage.setScene(scene);
        CloseGuard.install(stage, model.jobs());
        stage.show();
        String shots = System.getProperty("mda.gui.screenshots");
        if (shots != null) {
            new ScreenshotTour(window, scene, Path.of(shots)).start();
        }
    }

    /** The folder to open: the argument, else ./demo-project when it is a project, else none. */
    static Path initialProject(String arg) {
        if (arg != null) {
            return Path.of(arg);
        }
        Path demo = Path.of("demo-project");
        return Files.isRegularFile(demo.resolve(mda.engine.store.Project.DB_FILE)) ? demo : null;
    }

    @Override
    public void stop() {
        if (model != null) {
            model.close(); // workers the user kept running go on training; reopening re-attaches
        }
    }
}
