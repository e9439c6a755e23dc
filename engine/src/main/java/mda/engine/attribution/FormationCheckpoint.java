package mda.engine.attribution;

import mda.engine.probe.ReferenceLevels;
import mda.engine.store.CheckpointRecord;
import mda.engine.store.MetricSeries;
import mda.engine.store.Project;
import mda.engine.train.HeadsReport;

/**
 * Which checkpoint to attribute an induction head at (spec §3.11): the first checkpoint with stored weights at which
 * the head's induction score has covered a given share of its rise, {@code m_lo + level·(m_hi − m_lo)}. The spec's
 * default level 0.9 marks the end of formation; 0.5 is the first checkpoint after the onset.
 */
public final class FormationCheckpoint {
    /** The first checkpoint after the onset. */
    public static final double AFTER_ONSET = 0.5;
    /** The end of formation (spec §3.11 default). */
    public static final double END_OF_FORMATION = 0.9;

    private FormationCheckpoint() {
    }

    /** The step for {@code level} of the rise of the report's induction head; the last weights when it never rose. */
    public static long step(Project project, HeadsReport heads, double level) {
        if (!(level >= 0 && level <= 1)) {
            throw new IllegalArgumentException("formation level must be in [0, 1], got " + level);
        }
        MetricSeries s = heads.induction();
        long run = heads.run().id();
        ReferenceLevels ref = s.size() >= 6 ? ReferenceLevels.fromBaseline(s.values()) : null;
        if (ref != null && ref.rises()) {
            double threshold = ref.low() + level * (ref.high() - ref.low());
            for (int i = 0; i < s.size(); i++) {
                long step = s.steps()[i];
                if (s.values()[i] >= threshold
                        && project.checkpoints().get(run, step).filter(CheckpointRecord::hasWeights).isPresent()) {
                    return step;
                }
            }
        }
        return project.checkpoints().latestWithWeights(run).map(CheckpointRecord::step).orElseThrow(
                () -> new IllegalArgumentException("run " + heads.run().name() + " has no stored weights"));
    }
}
