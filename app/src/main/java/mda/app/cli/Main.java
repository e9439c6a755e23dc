package mda.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code mda} command line. */
@Command(name = "mda", mixinStandardHelpOptions = true, version = "MDA Workbench 0.1.0",
        description = "Mechanistic Data Attribution workbench: train, measure heads, attribute, intervene.")
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
