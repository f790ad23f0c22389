package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train reads Parquet: a vector column or numeric columns, and names the file and column when a value is bad or a file is damaged. */
class ParquetTrainTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Dataset<Row> table;

  /** Two separable blobs, label 0 near (0, 0) and label 1 near (3, 3), as columns label, a, b. */
  @BeforeAll
  static void makeTable() {
    spark = SparkSession.builder().sparkContext(SparkTestSupport.sparkContext().sc()).getOrCreate();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) rows.add(RowFactory.create(i % 2, (i % 2) * 3 + (i % 5) * 0.1, (i % 2) * 3 - (i % 7) * 0.1));
    StructType schema = new StructType().add("label", DataTypes.IntegerType).add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType);
    table = spark.createDataFrame(rows, schema);
  }

  private static String write(String name, Dataset<Row> data) {
    String path = tmp.resolve(name).toString();
    data.coalesce(1).write().parquet(path);
    return path;
  }

  private static CliRunner.Outcome train(String data, String... more) {
    return train(30, data, more);
  }

  /** Bad-input tests train 1 epoch: the error comes before or after training, never from it. */
  private static CliRunner.Outcome train(int epochs, String data, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--train", data, "--out", tmp.resolve("run-" + data.hashCode()).toString(),
        "--hidden", "4", "--epochs", Integer.toString(epochs), "--batch-size", "0", "--learning-rate", "0.1"));
    args.addAll(List.of(more));
    return CliRunner.run(args.toArray(new String[0]));
  }

  @Test
  void trainsOnAVectorColumnFromAFolderOfParquetFiles() {
    Dataset<Row> vectors = new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("xy").transform(table)
        .select("xy", "label").withColumnRenamed("label", "class");
    CliRunner.Outcome r = train(write("vectors", vectors), "--features-col", "xy", "--label-col", "class");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("train accuracy 1.0000"), r.out());
  }

  @Test
  void assemblesNumericColumnsWhenThereIsNoVectorColumn() {
    CliRunner.Outcome r = train(write("columns", table), "--format", "parquet");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("train accuracy 1.0000"), r.out());
  }

  @Test
  void readsATablePartitionedByLabel() {
    String path = tmp.resolve("partitioned").toString();
    table.write().partitionBy("label").parquet(path); // label=0/, label=1/: the label comes back as a column
    CliRunner.Outcome r = train(path, "--format", "parquet");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("train accuracy 1.0000"), r.out());
  }

  @Test
  void namesTheMissingLabelColumn() {
    CliRunner.Outcome r = train(1, write("no-label", table.drop("label")));
    r.assertOneLineError("no label column 'label' (columns: a, b)");
  }

  @Test
  void namesTheFileAndColumnOfANaN() {
    String path = write("nan", table.withColumn("b", org.apache.spark.sql.functions.lit(Double.NaN)));
    CliRunner.Outcome r = train(1, path);
    r.assertOneLineError(".parquet: column 'b' has NaN");
    assertTrue(r.errorLines().contains(path), r.err());
  }

  @Test
  void namesATruncatedParquetFile() throws IOException {
    Path file = truncatedCopy(parts(write("whole", table)).get(0), tmp.resolve("cut.parquet"));
    CliRunner.Outcome r = train(1, file.toString());
    r.assertOneLineError(file + ": cannot read: the file is not a Parquet file");
  }

  /** Spark reads one file's footer for the schema, the others' inside the job that reads the rows: either way the damaged one is named. */
  @Test
  void namesATruncatedPartFileInAFolder() throws IOException {
    String folder = tmp.resolve("parts").toString();
    table.repartition(2).write().parquet(folder);
    List<Path> parts = parts(folder);
    Path last = parts.get(parts.size() - 1);
    truncatedCopy(last, last);
    Files.deleteIfExists(last.resolveSibling("." + last.getFileName() + ".crc"));  // else Hadoop's checksum fails first
    CliRunner.Outcome r = train(1, folder);
    r.assertOneLineError(last + ": cannot read: the file is not a Parquet file");
  }

  private static List<Path> parts(String folder) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(folder))) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  /** The first half of {@code from}, as a copy cut short would be: the footer at the end is gone. */
  private static Path truncatedCopy(Path from, Path to) throws IOException {
    byte[] whole = Files.readAllBytes(from);
    return Files.write(to, Arrays.copyOf(whole, whole.length / 2));
  }

  @Test
  void rejectsATestLabelTheModelCannotPredict() {
    String test = write("three-classes", table.withColumn("label", org.apache.spark.sql.functions.lit(2)));
    CliRunner.Outcome r = train(1, write("two-classes", table), "--test", test);
    r.assertOneLineError("label column 'label': label 2 out of range: the model has 2 classes (0..1)");
  }
}
