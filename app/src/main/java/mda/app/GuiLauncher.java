package mda.app;

import javafx.application.Application;
import mda.app.ui.Workbench;

/** Starts the desktop workbench; a plain class so JavaFX loads from the class path. */
public final class GuiLauncher {
    private GuiLauncher() {
    }

    /** {@code args[0]}, when present, is the project folder to open. */
    public static void main(String[] args) {
        Application.launch(Workbench.class, args);
    }
}
