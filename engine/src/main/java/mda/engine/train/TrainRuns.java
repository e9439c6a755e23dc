package mda.engine.train;

import com.google.gson.Gson;
import java.util.List;
import mda.engine.model.ModelConfig;
import mda.engine.store.CorpusRecord;
import mda.engine.store.Project;
import mda.engine.store.RunRecord;

/** Creates a training run in a project, or finds the existing one of that name to resume with the same settings. */
public final class TrainRuns {
    private TrainRuns() {
    }

    /**
     * The run to train: a new row, or the existing run of that name when its settings are identical. A changed
     * setting is refused with the differing fields named, because resuming under other settings would mix two runs.
     */
    public static RunRecord createOrFind(Project project, String name, String corpusName, ModelConfig model,
            TrainConfig train) {
        CorpusRecord corpus = corpus(project, corpusName);
        ModelConfig sized = model.withVocab(corpus.vocab());
        String modelJson = new Gson().toJson(sized);
        var existing = project.runs().byName(name);
        if (existing.isPresent()) {
            RunRecord r = existing.get();
            TrainConfig stored = TrainConfig.fromJson(r.trainJson());
            List<String> diff = stored.differences(train);
            if (!r.configJson().equals(modelJson)) {
                diff = new java.util.ArrayList<>(diff);
                diff.add("model config");
            }
            if (!diff.isEmpty()) {
                throw new IllegalArgumentException("run '" + name + "' exists with other settings (" + String.join(
                        ", ", diff) + "); resume it with the same settings or choose another --name");
            }
            if (!r.corpusId().equals(corpus.id())) {
                throw new IllegalArgumentException("run '" + name + "' trains on another corpus; choose another --name");
            }
            return r;
        }
        return project.runs().insert(RunRecord.draft(name, corpus.id(), modelJson, train.toJson(), train.seed()));
    }

    /** The named corpus, or the project's only corpus when no name is given. */
    public static CorpusRecord corpus(Project project, String corpusName) {
        if (corpusName != null) {
            return project.corpora().byName(corpusName).orElseThrow(() -> new IllegalArgumentException(
                    "the project has no corpus named '" + corpusName + "'"));
        }
        List<CorpusRecord> all = project.corpora().list();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("the project has no corpus yet; run 'mda corpus import' first");
        }
        if (all.size() > 1) {
            throw new IllegalArgumentException("the project has " + all.size() + " corpora; choose one with --corpus");
        }
        return all.get(0);
    }

    /** The model config a run was created with. */
    public static ModelConfig modelConfig(RunRecord run) {
        return new Gson().fromJson(run.configJson(), ModelConfig.class);
    }
}
