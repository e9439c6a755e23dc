package mda.app.cli;

import mda.app.GpuStartupCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code mda} command line. */
@Command(name = "mda", mixinStandardHelpOptions = true, version = "MDA Workbench 0.1.0",
        description = "Mechanistic Data Attribution workbench: train, measure heads, attribute, intervene.",
        subcommands = {ProjectCommand.class, CorpusCommand.class, TrainCommand.class, HeadsCommand.class,
                AttentionCommand.class, MeasureCommand.class, CheckpointCommand.class, AttributeCommand.class,
                FactorsCommand.class, TopCommand.class, AnalyzeCommand.class, InterveneCommand.class,
                CompareCommand.class, ExportCommand.class, BenchCommand.class, DemoCommand.class, GuiCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        GpuStartupCheck.run(args, Main.class); // a user CUDA libtorch is checked before the engine loads
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new CliErrors());
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
