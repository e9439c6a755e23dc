package mda.engine.corpus.importers;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import mda.engine.corpus.BpeTokenizer;
import mda.engine.corpus.Categorizer;
import mda.engine.corpus.Document;
import mda.engine.corpus.Tokenizer;
import mda.engine.jobs.JobContext;

/**
 * Imports a JSON-lines file, one document per non-blank line, streaming (one line in memory at a time, each at most
 * {@code maxLineBytes}). The caller names the text field and, optionally, the id field (without one, the id is
 * {@code line-N}). Broken JSON, a missing or non-string field, non-UTF-8 bytes and duplicate ids fail with the file
 * and line number; records whose text is blank are skipped and counted. Categories come from the content.
 */
public final class JsonlImporter extends CorpusImportJob {
    private final Path file;
    private final String textField;
    private final String idField;
    private final TokenizerChoice tokenizer;
    private final long maxLineBytes;
    private long emptySkipped;

    /**
     * @param idField the id field name, or null to number documents by line
     */
    public JsonlImporter(String name, Path file, String textField, String idField, TokenizerChoice tokenizer,
                         long maxLineBytes) {
        super(name);
        if (textField == null || textField.isBlank()) {
            throw new IllegalArgumentException("JSONL import needs the name of the text field");
        }
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("line limit must be positive, got " + maxLineBytes);
        }
        this.file = file.toAbsolutePath().normalize();
        this.textField = textField;
        this.idField = idField;
        this.tokenizer = tokenizer;
        this.maxLineBytes = maxLineBytes;
    }

    /** With the default 10 MB line limit. */
    public JsonlImporter(String name, Path file, String textField, String idField, TokenizerChoice tokenizer) {
        this(name, file, textField, idField, tokenizer, TextFolderImporter.DEFAULT_MAX_LINE_BYTES);
    }

    @Override
    public String kind() {
        return "jsonl";
    }

    /** Records skipped because their text was blank (after the last run). */
    public long emptySkipped() {
        return emptySkipped;
    }

    @Override
    Built build(JobContext ctx, Path tmp) throws IOException {
        long total;
        try {
            total = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new IOException("JSONL file not found: " + file, e);
        }
        Tokenizer tok = tokenizer.fixed();
        if (tokenizer.trains()) {
            tok = trainBpe(ctx, total);
        }
        emptySkipped = 0;
        Categorizer categorizer = new Categorizer(Categorizer.Thresholds.defaults());
        try (Sink sink = new Sink(tmp.resolve("store"), tok.vocabSize(), ctx)) {
            try (Records recs = new Records(ctx, "import", total)) {
                for (Rec rec = recs.next(); rec != null; rec = recs.next()) {
                    int[] ids = tok.encode(rec.text());
                    if (ids.length == 0) {
                        emptySkipped++;
                        continue;
                    }
                    sink.add(new Document(rec.id(), file + ":" + rec.line(), categorizer.classifyText(rec.text()),
                            rec.text()), ids);
                }
                emptySkipped += recs.blank;
            }
            if (sink.documents() == 0) {
                throw new IOException(file + ": no documents to import (" + emptySkipped + " records with blank text)");
            }
            sink.finish();
            tok.save(tmp.resolve("tokenizer.json"));
            JsonObject meta = new JsonObject();
            meta.addProperty("file", file.toString());
            meta.addProperty("textField", textField);
            meta.addProperty("idField", idField);
            meta.addProperty("emptySkipped", emptySkipped);
            meta.addProperty("tokenizer", tokenizer.describe());
            return new Built("tokenizer.json", tok.vocabSize(), sink.tokens(), sink.documents(), meta.toString());
        }
    }

    /** One accepted line. */
    private record Rec(long line, String id, String text) {
    }

    /** Streams the records of the file: each call parses lines until one with non-blank text, or null at the end. */
    private final class Records implements AutoCloseable {
        private final BoundedLineReader r;
        private final JobContext ctx;
        private final String phase;
        private final long total;
        private final Map<String, Long> seen = new HashMap<>();
        private long blank;

        Records(JobContext ctx, String phase, long total) throws IOException {
            this.r = new BoundedLineReader(file, maxLineBytes);
            this.ctx = ctx;
            this.phase = phase;
            this.total = total;
        }

        Rec next() throws IOException {
            for (byte[] bytes = r.next(); bytes != null; bytes = r.next()) {
                long line = r.lineNumber();
                if ((line & 1023) == 0) {
                    ctx.checkCancelled();
                    ctx.progress(phase, r.bytesRead(), total, line + " lines");
                }
                String json = Utf8Text.decode(bytes, file, line);
                if (json.isBlank()) {
                    continue;
                }
                JsonObject o = parse(json, line);
                String text = field(o, textField, line);
                if (text.isBlank()) {
                    blank++;
                    continue;
                }
                String id = idField == null ? "line-" + line : field(o, idField, line);
                Long first = seen.putIfAbsent(id, line);
                if (first != null) {
                    throw new IOException(file + " line " + line + ": duplicate id '" + id + "' (first on line "
                            + first + ")");
                }
                return new Rec(line, id, text);
            }
            ctx.progress(phase, total, total, r.lineNumber() + " lines");
            return null;
        }

        @Override
        public void close() throws IOException {
            r.close();
        }
    }

    /** First pass of the two-pass mode: BPE training pulls the texts one at a time from the file. */
    private Tokenizer trainBpe(JobContext ctx, long total) throws IOException {
        try (Records recs = new Records(ctx, "train-tokenizer", total)) {
            Iterable<String> texts = () -> new Iterator<>() {
                private Rec pending = pull();

                private Rec pull() {
                    try {
                        return recs.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public boolean hasNext() {
                    return pending != null;
                }

                @Override
                public String next() {
                    String t = pending.text();
                    pending = pull();
                    return t;
                }
            };
            return BpeTokenizer.train(texts, tokenizer.bpeVocab(), tokenizer.bpeSeed());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private JsonObject parse(String json, long line) throws IOException {
        JsonElement e;
        try {
            e = JsonParser.parseString(json);
        } catch (JsonParseException ex) {
            throw new IOException(file + " line " + line + ": broken JSON: " + firstLine(ex), ex);
        }
        if (!e.isJsonObject()) {
            throw new IOException(file + " line " + line + ": expected a JSON object, found " + kindOf(e));
        }
        return e.getAsJsonObject();
    }

    private String field(JsonObject o, String name, long line) throws IOException {
        JsonElement v = o.get(name);
        if (v == null || v.isJsonNull()) {
            throw new IOException(file + " line " + line + ": missing field '" + name + "'");
        }
        if (!v.isJsonPrimitive() || (name.equals(textField) && !v.getAsJsonPrimitive().isString())) {
            throw new IOException(file + " line " + line + ": field '" + name + "' is " + kindOf(v)
                    + ", expected a string");
        }
        return v.getAsString();
    }

    private static String kindOf(JsonElement e) {
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        return e.getAsJsonPrimitive().isNumber() ? "a number" : e.getAsJsonPrimitive().isBoolean() ? "a boolean"
                : "a string";
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
