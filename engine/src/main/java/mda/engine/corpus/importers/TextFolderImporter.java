package mda.engine.corpus.importers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import mda.engine.corpus.BpeTokenizer;
import mda.engine.corpus.Categorizer;
import mda.engine.corpus.Document;
import mda.engine.corpus.Tokenizer;
import mda.engine.jobs.JobContext;

/**
 * Imports every regular file under a folder (recursively, in sorted path order) as one document each.
 * Include/exclude globs select files: a glob without '/' matches the file name, one with '/' the path relative to
 * the folder (forward slashes); no include glob means every file. Text must be UTF-8: other bytes are refused naming
 * the file and byte offset, or, with {@code skipNonUtf8}, skipped and counted. Files with no non-blank text are
 * skipped and counted. A line longer than {@code maxLineBytes} (default 10 MB) is refused while streaming: the
 * importer never holds more than the limit of such a line. The category comes from {@link Categorizer}.
 */
public final class TextFolderImporter extends CorpusImportJob {
    /** 10 MB. */
    public static final long DEFAULT_MAX_LINE_BYTES = 10L << 20;
    /** 64 MB: one file is one document and is held in memory while it is tokenized. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

    /** Selection and limits; see the class comment. */
    public record Options(List<String> include, List<String> exclude, boolean skipNonUtf8, long maxLineBytes,
                          long maxFileBytes, Categorizer.Thresholds thresholds) {
        public Options {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
            if (maxLineBytes < 1 || maxFileBytes < 1) {
                throw new IllegalArgumentException("line and file limits must be positive, got " + maxLineBytes
                        + " and " + maxFileBytes);
            }
        }

        /** Every file, strict UTF-8, 10 MB lines, 64 MB files, default category thresholds. */
        public static Options defaults() {
            return new Options(List.of(), List.of(), false, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_FILE_BYTES,
                    Categorizer.Thresholds.defaults());
        }

        public Options withGlobs(List<String> inc, List<String> exc) {
            return new Options(inc, exc, skipNonUtf8, maxLineBytes, maxFileBytes, thresholds);
        }

        public Options withSkipNonUtf8(boolean skip) {
            return new Options(include, exclude, skip, maxLineBytes, maxFileBytes, thresholds);
        }

        public Options withMaxLineBytes(long max) {
            return new Options(include, exclude, skipNonUtf8, max, maxFileBytes, thresholds);
        }
    }

    private final Path folder;
    private final TokenizerChoice tokenizer;
    private final Options options;
    private long emptySkipped;
    private long nonUtf8Skipped;

    public TextFolderImporter(String name, Path folder, TokenizerChoice tokenizer, Options options) {
        super(name);
        this.folder = folder.toAbsolutePath().normalize();
        this.tokenizer = tokenizer;
        this.options = options;
        matchers(options.include()); // malformed globs fail here, before any job row
        matchers(options.exclude());
    }

    @Override
    public String kind() {
        return "text-folder";
    }

    /** Files skipped because they held no text (after the last run). */
    public long emptySkipped() {
        return emptySkipped;
    }

    /** Files skipped as not UTF-8 (only with {@code skipNonUtf8}; after the last run). */
    public long nonUtf8Skipped() {
        return nonUtf8Skipped;
    }

    @Override
    Built build(JobContext ctx, Path tmp) throws IOException {
        List<Path> files = selectFiles();
        long totalBytes = 0;
        for (Path f : files) {
            totalBytes += Files.size(f);
        }
        Tokenizer tok = tokenizer.fixed();
        if (tokenizer.trains()) {
            ctx.progress("train-tokenizer", 0, files.size(), tokenizer.describe());
            tok = trainBpe(ctx, files);
        }
        emptySkipped = 0;
        nonUtf8Skipped = 0;
        Categorizer categorizer = new Categorizer(options.thresholds());
        long done = 0;
        try (Sink sink = new Sink(tmp.resolve("store"), tok.vocabSize(), ctx)) {
            for (Path f : files) {
                ctx.progress("import", done, totalBytes, sink.documents() + " documents");
                String text = readOrSkip(f, true);
                done += Files.size(f);
                if (text == null) {
                    continue;
                }
                int[] ids = tok.encode(text);
                if (ids.length == 0) {
                    emptySkipped++;
                    continue;
                }
                String rel = relative(f);
                sink.add(new Document(rel, f.toString(), categorizer.classify(rel, text), text), ids);
            }
            if (sink.documents() == 0) {
                throw new IOException(folder + ": no documents to import among " + files.size() + " selected files ("
                        + emptySkipped + " empty, " + nonUtf8Skipped + " skipped as not UTF-8)");
            }
            sink.finish();
            ctx.progress("import", totalBytes, totalBytes, sink.documents() + " documents");
            tok.save(tmp.resolve("tokenizer.json"));
            return new Built("tokenizer.json", tok.vocabSize(), sink.tokens(), sink.documents(), meta(files.size()));
        }
    }

    private Tokenizer trainBpe(JobContext ctx, List<Path> files) throws IOException {
        Iterable<String> docs = () -> new Iterator<>() {
            private int next;
            private String pending = advance();

            private String advance() {
                while (next < files.size()) {
                    ctx.checkCancelled();
                    ctx.progress("train-tokenizer", next, files.size(), tokenizer.describe());
                    try {
                        String t = readOrSkip(files.get(next++), false);
                        if (t != null) {
                            return t;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return pending != null;
            }

            @Override
            public String next() {
                String t = pending;
                pending = advance();
                return t;
            }
        };
        try {
            return BpeTokenizer.train(docs, tokenizer.bpeVocab(), tokenizer.bpeSeed());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The file's text, or null when it is skipped (blank, or not UTF-8 with skipping on); counts when asked. */
    private String readOrSkip(Path f, boolean count) throws IOException {
        String text;
        try {
            text = Utf8Text.readFile(f, options.maxLineBytes(), options.maxFileBytes());
        } catch (Utf8Text.NotUtf8Exception e) {
            if (!options.skipNonUtf8()) {
                throw new IOException(e.getMessage() + "; re-encode it as UTF-8 or import with skipping of non-UTF-8"
                        + " files", e);
            }
            nonUtf8Skipped += count ? 1 : 0;
            return null;
        }
        if (text.isBlank()) {
            emptySkipped += count ? 1 : 0;
            return null;
        }
        return text;
    }

    private List<Path> selectFiles() throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("text folder not found or not a folder: " + folder);
        }
        List<Glob> inc = matchers(options.include());
        List<Glob> exc = matchers(options.exclude());
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (Files.isRegularFile(p) && (inc.isEmpty() || matches(inc, p)) && !matches(exc, p)) {
                    out.add(p);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(folder + ": no files to import (include " + options.include() + ", exclude "
                    + options.exclude() + ")");
        }
        return out;
    }

    /** A glob and whether it applies to the relative path (it contains '/') or to the file name. */
    private record Glob(String text, PathMatcher matcher) {
        boolean matches(Path rel) {
            return matcher.matches(text.contains("/") ? rel : rel.getFileName());
        }
    }

    private static List<Glob> matchers(List<String> globs) {
        List<Glob> out = new ArrayList<>();
        for (String g : globs) {
            try {
                out.add(new Glob(g, FileSystems.getDefault().getPathMatcher("glob:" + g)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("glob '" + g + "' is malformed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private boolean matches(List<Glob> globs, Path file) {
        Path rel = folder.relativize(file);
        for (Glob g : globs) {
            if (g.matches(rel)) {
                return true;
            }
        }
        return false;
    }

    private String relative(Path f) {
        return folder.relativize(f).toString().replace('\\', '/');
    }

    private String meta(int selected) {
        JsonObject o = new JsonObject();
        o.addProperty("folder", folder.toString());
        JsonArray inc = new JsonArray();
        options.include().forEach(inc::add);
        JsonArray exc = new JsonArray();
        options.exclude().forEach(exc::add);
        o.add("include", inc);
        o.add("exclude", exc);
        o.addProperty("selectedFiles", selected);
        o.addProperty("emptySkipped", emptySkipped);
        o.addProperty("nonUtf8Skipped", nonUtf8Skipped);
        o.addProperty("maxLineBytes", options.maxLineBytes());
        o.addProperty("tokenizer", tokenizer.describe());
        return o.toString();
    }
}
