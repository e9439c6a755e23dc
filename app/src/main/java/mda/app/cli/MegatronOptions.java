package mda.app.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import mda.engine.corpus.importers.HfTokenizerInfo;
import mda.engine.corpus.importers.MegatronImporter;
import picocli.CommandLine.Option;

/** The options of {@code mda corpus import --from megatron}. */
final class MegatronOptions {
    @Option(names = "--idx", paramLabel = "F", description = "megatron: the .idx file (instead of a PREFIX)")
    Path idx;

    @Option(names = "--bin", paramLabel = "F", description = "megatron: the .bin file (instead of a PREFIX)")
    Path bin;

    @Option(names = "--tokenizer-json", paramLabel = "F", description = "megatron: the data's HF tokenizer.json")
    Path tokenizerJson;

    @Option(names = "--model-vocab", paramLabel = "N",
            description = "megatron: the model's vocabulary (default: the tokenizer's, rounded up to 128 as Pythia's)")
    Integer modelVocab;

    /** The importer for {@code PREFIX} or {@code --idx/--bin}; records its choices in {@code params}. */
    MegatronImporter job(String name, Path prefix, JsonObject params) throws IOException {
        if (prefix != null && (idx != null || bin != null)) {
            throw new IllegalArgumentException("--from megatron takes a PREFIX or --idx and --bin, not both");
        }
        if (prefix == null && (idx == null || bin == null)) {
            throw new IllegalArgumentException("--from megatron needs a PREFIX (PREFIX.idx and PREFIX.bin) or both"
                    + " --idx F and --bin F");
        }
        if (tokenizerJson == null) {
            throw new IllegalArgumentException("--from megatron needs the data's tokenizer: --tokenizer-json F");
        }
        Path i = prefix != null ? Path.of(prefix + ".idx") : idx;
        Path b = prefix != null ? Path.of(prefix + ".bin") : bin;
        int vocab = modelVocab != null ? modelVocab : roundUp(HfTokenizerInfo.read(tokenizerJson).vocabSize(), 128);
        params.addProperty("idx", i.toAbsolutePath().toString());
        params.addProperty("bin", b.toAbsolutePath().toString());
        params.addProperty("tokenizerJson", tokenizerJson.toAbsolutePath().toString());
        params.addProperty("modelVocab", vocab);
        return new MegatronImporter(name != null ? name : nameOf(prefix != null ? prefix : b), i, b, tokenizerJson,
                vocab);
    }

    static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    /** A corpus name from a file or folder name: its stem, with characters a corpus name cannot hold replaced. */
    static String nameOf(Path path) {
        Path f = path.toAbsolutePath().normalize().getFileName();
        String s = f == null ? "corpus" : f.toString();
        int dot = s.lastIndexOf('.');
        if (dot > 0) {
            s = s.substring(0, dot);
        }
        s = s.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return s.isEmpty() ? "corpus" : s.length() > 100 ? s.substring(0, 100) : s;
    }
}
