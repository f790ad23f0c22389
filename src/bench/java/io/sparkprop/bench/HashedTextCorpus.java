package io.sparkprop.bench;

import io.sparkprop.report.JsonFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A real text-classification set from the manual pages Debian packages install: each page's text
 * (roff markup stripped by {@link RoffText}) is cut into even chunks of at most {@code maxWords} words
 * (default 200; pages under {@code minWords}, 60, are skipped),
 * labelled by the package (or package and section) it came from, tokenized and hashed by Spark ML
 * itself (RegexTokenizer, HashingTF, optionally IDF fitted on the training rows), and written as
 * LIBSVM files with 1-based increasing indices. The same package files, settings and seed give the
 * same bytes.
 *
 * <p>Inputs: {@code --root DIR} holds one folder per package, the package's files extracted into it
 * ({@code dpkg-deb -x}; scripts/text-data.sh does that), and {@code --labels FILE} lists the candidate
 * labels, one a line: {@code label package [path-regex]} (the regex is matched against the path inside
 * the package; the default takes its manual pages in English). The {@code --classes} candidates with
 * the most chunks are kept, numbered in the file's order.
 */
public final class HashedTextCorpus {
  /** Spark ML's tokenizer as configured here: lower case, split at runs of non-word characters, tokens of 2+ characters. */
  public static final String TOKEN_PATTERN = "\\W+";
  public static final int MIN_TOKEN_LENGTH = 2;
  static final String DEFAULT_PATH_REGEX = "usr/share/man/man[^/]+/[^/]+";

  public record Settings(Path root, Path labels, Path out, int numFeatures, boolean idf, int classes, int minWords, int maxWords,
      int maxRowsPerClass, int minRowsPerClass, double testFraction, long seed, String master) {
    public static Settings defaults(Path root, Path labels, Path out) {
      return new Settings(root, labels, out, 1 << 18, false, 35, 60, 200, Integer.MAX_VALUE, 300, 0.2, 1L, "local[*]");
    }
  }

  /** One candidate label: the files of {@code pkg} whose path inside the package matches {@code pathRegex}. */
  record LabelSource(String label, String pkg, Pattern pathRegex) {}

  /** A chunk of text and its label (index into the kept labels). */
  record Chunk(int label, String text) {}

  /** What was written. */
  public record Summary(int trainRows, int testRows, int features, double nonZerosPerRow, int classes, boolean idf, long trainBytes,
      long testBytes, int minClassRows, int maxClassRows, long seed) {
    /** The summary line main prints, and the start of summary.json. */
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("train_rows", trainRows);
      m.put("test_rows", testRows);
      m.put("features", features);
      m.put("nonzeros_per_row", Math.round(nonZerosPerRow * 10) / 10.0);
      m.put("classes", classes);
      m.put("idf", idf);
      m.put("class_rows_min", minClassRows);
      m.put("class_rows_max", maxClassRows);
      m.put("train_bytes", trainBytes);
      m.put("test_bytes", testBytes);
      m.put("seed", seed);
      return m;
    }
  }

  public static void main(String[] args) throws Exception {
    Path root = null, labels = null, out = Path.of("data/text");
    Settings d = Settings.defaults(null, null, out);
    int features = d.numFeatures(), classes = d.classes(), minWords = d.minWords(), maxWords = d.maxWords(), maxRows = d.maxRowsPerClass(),
        minRows = d.minRowsPerClass();
    boolean idf = d.idf();
    double testFraction = d.testFraction();
    long seed = d.seed();
    String master = d.master();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--root" -> root = Path.of(args[++i]);
        case "--labels" -> labels = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--features" -> features = Integer.parseInt(args[++i]);
        case "--idf" -> idf = true;
        case "--classes" -> classes = Integer.parseInt(args[++i]);
        case "--min-words" -> minWords = Integer.parseInt(args[++i]);
        case "--max-words" -> maxWords = Integer.parseInt(args[++i]);
        case "--max-rows-per-class" -> maxRows = Integer.parseInt(args[++i]); // a seeded sample of a larger class; default: no cap
        case "--min-rows-per-class" -> minRows = Integer.parseInt(args[++i]);
        case "--test-fraction" -> testFraction = Double.parseDouble(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--master" -> master = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + a + "; takes --root DIR --labels FILE [--out DIR] [--features N] [--idf]"
            + " [--classes N] [--min-words N] [--max-words N] [--max-rows-per-class N] [--min-rows-per-class N] [--test-fraction F] [--seed N]"
            + " [--master URL]");
      }
    }
    if (root == null || labels == null) throw new IllegalArgumentException("--root DIR and --labels FILE are required");
    Settings s = new Settings(root, labels, out, features, idf, classes, minWords, maxWords, maxRows, minRows, testFraction, seed, master);
    SparkSession spark = SparkSession.builder().master(s.master()).appName("sparkprop text corpus")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      Summary summary = build(spark, s, System.err::println);
      System.out.println(JsonFiles.oneLine(summary.toMap()));
    } finally {
      spark.stop();
    }
  }

  /** Reads the pages, chunks, labels, splits, hashes and writes train.libsvm, test.libsvm, labels.txt and summary.json. */
  public static Summary build(SparkSession spark, Settings s, java.util.function.Consumer<String> log) throws IOException {
    if (Integer.bitCount(s.numFeatures()) != 1) log.accept("note: --features " + s.numFeatures() + " is not a power of two");
    List<LabelSource> sources = readLabels(s.labels());
    // every candidate's chunks, in file order
    List<List<String>> chunksBySource = new ArrayList<>();
    for (LabelSource src : sources) {
      List<String> chunks = new ArrayList<>();
      int pages = 0;
      for (Path file : pages(s.root().resolve(src.pkg()), src.pathRegex())) {
        String roff = read(file);
        if (RoffText.isRedirect(roff)) continue;
        List<String> c = chunks(RoffText.toText(roff), s.minWords(), s.maxWords());
        if (!c.isEmpty()) pages++;
        chunks.addAll(c);
      }
      log.accept(String.format(Locale.ROOT, "%-28s %5d pages %6d chunks", src.label(), pages, chunks.size()));
      chunksBySource.add(chunks);
    }
    dropDuplicates(chunksBySource);
    // the classes candidates with the most chunks (ties: the earlier in the file), numbered in file order
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) order.add(i);
    order.sort(Comparator.comparingInt((Integer i) -> -chunksBySource.get(i).size()).thenComparingInt(i -> i));
    if (order.size() < s.classes()) throw new IllegalStateException(s.labels() + " has " + order.size() + " labels, " + s.classes() + " wanted");
    List<Integer> kept = new ArrayList<>(order.subList(0, s.classes()));
    Collections.sort(kept);
    Random random = new Random(s.seed());
    List<Chunk> train = new ArrayList<>(), test = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int minRows = Integer.MAX_VALUE, maxRows = 0;
    List<int[]> counts = new ArrayList<>();
    for (int c = 0; c < kept.size(); c++) {
      int source = kept.get(c);
      List<String> chunks = new ArrayList<>(chunksBySource.get(source));
      if (chunks.size() < s.minRowsPerClass())
        throw new IllegalStateException(sources.get(source).label() + " has " + chunks.size() + " chunks, fewer than --min-rows-per-class "
            + s.minRowsPerClass() + " (is its package extracted in " + s.root() + "?)");
      Collections.shuffle(chunks, random);
      if (chunks.size() > s.maxRowsPerClass()) chunks = chunks.subList(0, s.maxRowsPerClass());
      int nTest = (int) Math.round(chunks.size() * s.testFraction());
      for (int i = 0; i < chunks.size(); i++) (i < nTest ? test : train).add(new Chunk(c, chunks.get(i)));
      names.add(sources.get(source).label());
      counts.add(new int[] {chunks.size() - nTest, nTest});
      minRows = Math.min(minRows, chunks.size());
      maxRows = Math.max(maxRows, chunks.size());
    }
    Collections.shuffle(train, random);
    Collections.shuffle(test, random);

    Files.createDirectories(s.out());
    PipelineModel model = pipeline(s.numFeatures(), s.idf()).fit(frame(spark, train));
    long[] trainStats = writeLibsvm(model.transform(frame(spark, train)), s.out().resolve("train.libsvm"));
    long[] testStats = writeLibsvm(model.transform(frame(spark, test)), s.out().resolve("test.libsvm"));
    try (Writer w = Files.newBufferedWriter(s.out().resolve("labels.txt"), StandardCharsets.UTF_8)) {
      for (int c = 0; c < names.size(); c++) w.write(c + "\t" + names.get(c) + "\n");
    }
    Summary summary = new Summary(train.size(), test.size(), s.numFeatures(),
        (double) (trainStats[0] + testStats[0]) / (train.size() + test.size()), names.size(), s.idf(),
        Files.size(s.out().resolve("train.libsvm")), Files.size(s.out().resolve("test.libsvm")), minRows, maxRows, s.seed());
    Map<String, Object> json = summary.toMap();
    Map<String, Object> perClass = new LinkedHashMap<>();
    for (int c = 0; c < names.size(); c++) perClass.put(names.get(c), List.of(counts.get(c)[0], counts.get(c)[1]));
    json.put("class_train_test_rows", perClass);
    json.put("tokenizer", "RegexTokenizer(pattern=" + TOKEN_PATTERN + ", gaps, lowercase, minTokenLength=" + MIN_TOKEN_LENGTH + ")");
    json.put("words_per_chunk", s.minWords() + ".." + s.maxWords());
    json.put("test_fraction", s.testFraction());
    Map<String, Object> debs = new java.util.TreeMap<>(); // which package versions made the files (scripts/text-data.sh notes them)
    for (int source : kept) {
      Path note = s.root().resolve(sources.get(source).pkg()).resolve(".extracted");
      if (Files.isRegularFile(note)) debs.put(sources.get(source).pkg(), Files.readString(note).strip());
    }
    if (!debs.isEmpty()) json.put("debs", debs);
    Files.writeString(s.out().resolve("summary.json"), JsonFiles.oneLine(json) + "\n");
    return summary;
  }

  /** Spark ML's text featurization as used here: tokens, hashed term frequencies, optionally IDF weights. */
  public static Pipeline pipeline(int numFeatures, boolean idf) {
    RegexTokenizer tokenizer = new RegexTokenizer().setInputCol("text").setOutputCol("tokens").setPattern(TOKEN_PATTERN).setGaps(true)
        .setToLowercase(true).setMinTokenLength(MIN_TOKEN_LENGTH);
    HashingTF tf = new HashingTF().setInputCol("tokens").setOutputCol(idf ? "tf" : "features").setNumFeatures(numFeatures);
    List<PipelineStage> stages = new ArrayList<>(List.of(tokenizer, tf));
    if (idf) stages.add(new IDF().setInputCol("tf").setOutputCol("features"));
    return new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
  }

  static Dataset<Row> frame(SparkSession spark, List<Chunk> chunks) {
    StructType schema = new StructType().add("label", DataTypes.DoubleType, false).add("text", DataTypes.StringType, false);
    List<Row> rows = new ArrayList<>(chunks.size());
    for (Chunk c : chunks) rows.add(RowFactory.create((double) c.label(), c.text()));
    return spark.createDataFrame(rows, schema);
  }

  /** Writes (label, features) rows in order as LIBSVM; returns {non-zeros, rows}. */
  static long[] writeLibsvm(Dataset<Row> rows, Path file) throws IOException {
    long nnz = 0, n = 0;
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      java.util.Iterator<Row> it = rows.select("label", "features").toLocalIterator();
      StringBuilder line = new StringBuilder();
      while (it.hasNext()) {
        Row r = it.next();
        line.setLength(0);
        nnz += libsvmLine(r.getDouble(0), r.getAs(1), line);
        w.append(line).append('\n');
        n++;
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return new long[] {nnz, n};
  }

  /** One LIBSVM line: the label as an integer, then index:value with indices 1-based and increasing; returns the non-zeros written. */
  static int libsvmLine(double label, Vector features, StringBuilder out) {
    out.append((long) label);
    SparseVector v = features.toSparse();
    int[] idx = v.indices();
    double[] val = v.values();
    int written = 0, previous = -1;
    for (int k = 0; k < idx.length; k++) {
      if (val[k] == 0) continue;
      if (idx[k] <= previous) throw new IllegalStateException("indices not increasing: " + previous + " then " + idx[k]);
      previous = idx[k];
      out.append(' ').append(idx[k] + 1).append(':');
      double x = val[k];
      if (x == Math.rint(x) && Math.abs(x) < 1e15) out.append((long) x);
      else out.append(x);
      written++;
    }
    return written;
  }

  static List<LabelSource> readLabels(Path file) throws IOException {
    List<LabelSource> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) continue;
      String[] f = t.split("\\s+");
      if (f.length < 2 || f.length > 3) throw new IllegalArgumentException(file + ": want 'label package [path-regex]', got: " + line);
      if (seen.put(f[0], out.size()) != null) throw new IllegalArgumentException(file + ": label " + f[0] + " twice");
      out.add(new LabelSource(f[0], f[1], Pattern.compile(f.length == 3 ? f[2] : DEFAULT_PATH_REGEX)));
    }
    return out;
  }

  /** Regular files (not links) under {@code dir} whose relative path matches, in path order. */
  static List<Path> pages(Path dir, Pattern pathRegex) throws IOException {
    if (!Files.isDirectory(dir)) throw new IllegalStateException("no folder " + dir + ": extract the package into it (dpkg-deb -x)");
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> pathRegex.matcher(dir.relativize(p).toString().replace('\\', '/')).matches())
          .sorted(Comparator.comparing(p -> dir.relativize(p).toString()))
          .toList();
    }
  }

  /** A page's bytes (gunzipped if .gz) as UTF-8, malformed bytes replaced. */
  static String read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = file.toString().endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  /**
   * The text cut into chunks of at most {@code maxWords} whitespace-separated words, as even as
   * possible (a 400-word page: 134, 133, 133); texts under {@code minWords} words give none.
   */
  static List<String> chunks(String text, int minWords, int maxWords) {
    String[] words = text.isEmpty() ? new String[0] : text.split(" ");
    if (words.length < minWords) return List.of();
    int n = (words.length + maxWords - 1) / maxWords;
    List<String> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int from = (int) ((long) words.length * k / n), to = (int) ((long) words.length * (k + 1) / n);
      out.add(String.join(" ", java.util.Arrays.asList(words).subList(from, to)));
    }
    return out;
  }

  /**
   * Identical chunks (the same page in two packages, boilerplate such as license paragraphs) would put
   * the same row in both training and test data, or under two labels: a chunk seen under more than one
   * label is dropped everywhere, and a chunk repeated under one label is kept once.
   */
  static void dropDuplicates(List<List<String>> chunksBySource) {
    Map<String, Integer> owner = new HashMap<>();
    final int shared = -1;
    for (int i = 0; i < chunksBySource.size(); i++)
      for (String c : chunksBySource.get(i)) {
        int label = i;
        owner.merge(c, i, (a, b) -> a == label ? a : shared);
      }
    for (int i = 0; i < chunksBySource.size(); i++) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      List<String> kept = new ArrayList<>();
      for (String c : chunksBySource.get(i)) if (owner.get(c) == i && seen.add(c)) kept.add(c);
      chunksBySource.set(i, kept);
    }
  }
}
