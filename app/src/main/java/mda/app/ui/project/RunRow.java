package mda.app.ui.project;

/**
 * One line of the runs table: the run, its status and, while a training job runs, its progress
 * ({@code progress} in [0, 1], or −1 when no job is running for it).
 */
public record RunRow(long id, String name, String status, String preset, String device, double progress,
                     String progressText) {
}
