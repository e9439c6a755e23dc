package mda.app.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import mda.app.ui.common.RecentProjects;
import mda.app.ui.common.WorkbenchModel;
import mda.engine.store.Project;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** Opens the workbench window on the shared tiny project before each test. */
@ExtendWith(ApplicationExtension.class)
abstract class GuiTestBase {
    private static Path projectDir;
    protected WorkbenchModel model;
    protected MainWindow window;
    protected Path recentFile;

    /** The engine-made project, created once per test JVM. */
    static synchronized Path project() throws Exception {
        if (projectDir == null) {
            Path root = Files.createTempDirectory("mda-gui-test");
            TinyGuiProject.create(root.resolve("proj"));
            projectDir = root.resolve("proj");
        }
        return projectDir;
    }

    /** A copy of the shared project, for tests that change it. */
    static Path copyOfProject() throws Exception {
        Path src = project();
        Path dst = Files.createTempDirectory("mda-gui-copy").resolve("proj");
        try (var walk = Files.walk(src)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    /** A short read of the project outside the GUI (the oracle side of a test). */
    static <T> T read(java.util.function.Function<Project, T> f) throws Exception {
        try (Project p = Project.open(project())) {
            return f.apply(p);
        }
    }

    @org.junit.jupiter.api.BeforeAll
    static void makeProject() throws Exception {
        project();
    }

    /** Each test class calls this from its own {@code @Start} method (TestFX looks at declared methods only). */
    void open(Stage stage) throws Exception {
        open(stage, project());
    }

    /** Opens the window on project folder {@code dir}. */
    void open(Stage stage, Path dir) throws Exception {
        recentFile = Files.createTempFile("mda-recent", ".txt");
        Files.delete(recentFile);
        model = new WorkbenchModel(new RecentProjects(recentFile));
        window = new MainWindow(model);
        model.open(dir);
        Scene scene = new Scene(window.root(), 1200, 760);
        scene.getStylesheets().add(Workbench.class.getResource(Workbench.CSS).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    /** Waits (up to 60 s) until {@code condition} holds, checking on the FX thread. */
    static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    /** Clicks screen {@code name} in the navigation list. */
    static void navigate(FxRobot robot, String name) {
        robot.clickOn(robot.lookup(".list-cell").match(n -> n instanceof javafx.scene.control.ListCell
                && name.equals(((javafx.scene.control.ListCell<?>) n).getText())).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
    }

    static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }
}
