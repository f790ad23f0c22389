package io.sparkprop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashedTextCorpusTest {
  private static final String PAGE = String.join("\n",
      ".\\\" a comment that must not count",
      ".TH DEMO 3 2024-01-01 \"demo pages\"",
      ".de XX",
      ".. this definition is skipped",
      "..",
      ".SH NAME",
      "demo \\- hash \\fBthe\\fP words of a page",
      ".SH DESCRIPTION",
      ".BR printf (3)",
      "prints \\fIformatted\\fR output; \\(lqquoted\\(rq \\-\\-option and \\e backslash.",
      ".TP",
      ".B \\-v",
      "verbose output, verbose words, words words.");

  @Test void stripsRoffMarkup() {
    String text = RoffText.toText(PAGE);
    assertEquals("NAME demo - hash the words of a page DESCRIPTION printf (3) prints formatted output; \"quoted\" --option and \\ backslash."
        + " -v verbose output, verbose words, words words.", text);
    assertTrue(RoffText.isRedirect(".\\\" c\n.so man3/other.3\n"));
    assertFalse(RoffText.isRedirect(PAGE));
  }

  @Test void chunksEvenlyWithinTheWordLimits() {
    String words = String.join(" ", java.util.Collections.nCopies(400, "w"));
    List<String> chunks = HashedTextCorpus.chunks(words, 60, 150);
    assertEquals(List.of(133, 133, 134), chunks.stream().map(c -> c.split(" ").length).toList());
    assertEquals(List.of(), HashedTextCorpus.chunks("too few words", 60, 150));
  }

  /** Two packages' pages in, LIBSVM out: each row is HashingTF's vector of the chunk's tokens, indices 1-based and increasing. */
  @Test void writesHashingTfVectorsAsLibsvm(@TempDir Path dir) throws IOException {
    Path root = dir.resolve("root");
    String alpha = "alpha words about sockets and signals and processes and file descriptors ";
    String beta = "beta text on matrices vectors eigenvalues and least squares solvers ";
    for (int i = 0; i < 6; i++) {
      page(root.resolve("pkg-a/usr/share/man/man3/a" + i + ".3.gz"), ".SH NAME\n" + (alpha + i + " ").repeat(8));
      page(root.resolve("pkg-b/usr/share/man/man3/b" + i + ".3.gz"), ".SH NAME\n" + (beta + i + " ").repeat(8));
    }
    page(root.resolve("pkg-a/usr/share/man/man3/link.3.gz"), ".so man3/a0.3\n");
    Path labels = dir.resolve("labels");
    Files.writeString(labels, "# test\nA pkg-a\nB pkg-b\n");
    int features = 1 << 10;
    HashedTextCorpus.Settings s = new HashedTextCorpus.Settings(root, labels, dir.resolve("out"), features, false, 2, 10, 40,
        Integer.MAX_VALUE, 1, 0.25, 7L, "local[2]");
    SparkSession spark = SparkSession.builder().sparkContext(SparkTestSupport.sparkContext().sc()).getOrCreate();
    HashedTextCorpus.Summary summary = HashedTextCorpus.build(spark, s, m -> {});
    assertEquals(2, summary.classes());
    assertEquals(List.of("0\tA", "1\tB"), Files.readAllLines(dir.resolve("out/labels.txt")));
    List<String> lines = Files.readAllLines(dir.resolve("out/train.libsvm"));
    assertEquals(summary.trainRows(), lines.size());

    HashingTF tf = new HashingTF().setNumFeatures(features);
    for (String line : lines) {
      String[] f = line.split(" ");
      int label = Integer.parseInt(f[0]);
      int previous = 0;
      TreeMap<Integer, Double> written = new TreeMap<>();
      for (int k = 1; k < f.length; k++) {
        int index = Integer.parseInt(f[k].substring(0, f[k].indexOf(':')));
        assertTrue(index > previous && index <= features, "1-based increasing indices: " + line);
        previous = index;
        written.put(index - 1, Double.parseDouble(f[k].substring(f[k].indexOf(':') + 1)));
      }
      // every index is HashingTF's hash of a token of that label's pages (.SH NAME included); a chunk has at least --min-words (10) words
      java.util.Set<Integer> vocabulary = new java.util.HashSet<>();
      for (String token : ("name " + (label == 0 ? alpha : beta)).split("\\W+")) vocabulary.add(tf.indexOf(token));
      assertTrue(vocabulary.containsAll(written.keySet()), line);
      assertTrue(written.values().stream().mapToDouble(Double::doubleValue).sum() >= 10, line);
    }

    // one exact row: HashingTF on the tokens of a known chunk, through the pipeline, read back by Spark's LIBSVM reader
    String text = "Printf prints formatted output; printf FORMATS output.";
    Row row = HashedTextCorpus.pipeline(features, false).fit(HashedTextCorpus.frame(spark, List.of(new HashedTextCorpus.Chunk(1, text))))
        .transform(HashedTextCorpus.frame(spark, List.of(new HashedTextCorpus.Chunk(1, text)))).select("label", "features").first();
    StringBuilder b = new StringBuilder();
    HashedTextCorpus.libsvmLine(row.getDouble(0), row.getAs(1), b);
    TreeMap<Integer, Integer> counts = new TreeMap<>();
    for (String token : List.of("printf", "prints", "formatted", "output", "printf", "formats", "output")) counts.merge(tf.indexOf(token) + 1, 1, Integer::sum);
    StringBuilder expected = new StringBuilder("1");
    counts.forEach((i, c) -> expected.append(' ').append(i).append(':').append(c));
    assertEquals(expected.toString(), b.toString());
    Path one = dir.resolve("one.libsvm");
    Files.writeString(one, b + "\n");
    Vector back = spark.read().format("libsvm").option("numFeatures", features).load(one.toString()).first().getAs(1);
    assertEquals(row.<Vector>getAs(1).toSparse(), back.toSparse());
  }

  private static void page(Path file, String roff) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(roff.getBytes(StandardCharsets.UTF_8));
    }
  }
}
