package io.sparkprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkprop.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One model format for both: Spark ML reads what the command line trained, and the command line what Spark ML saved. */
class CliModelInteropTest {
  @TempDir static Path tmp;
  static Path csv;
  static Dataset<Row> table;
  static Dataset<Row> features;

  @BeforeAll
  static void data() throws Exception {
    csv = SpiralTables.csv(tmp.resolve("spiral.csv"), 3, 30);
    table = SpiralTables.spark().read().option("header", true).option("inferSchema", true).csv(csv.toString());
    features = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features").transform(table);
  }

  private static double accuracy(Dataset<Row> predictions) {
    return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
  }

  @Test
  void commandLineModelTransformsADataFrameWithItsTrainAccuracy() throws Exception {
    Path run = tmp.resolve("cli-run");
    assertEquals(0, Main.run("train", "--train", csv.toString(), "--out", run.toString(),
        "--hidden", "8", "--epochs", "20", "--batch-size", "0", "--learning-rate", "0.05"));
    double cli = new ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("train_accuracy").asDouble();

    assertEquals(cli, accuracy(NeuralNetClassificationModel.fromCliModel(run.toString()).transform(features)), 1e-12);
    assertEquals(cli, accuracy(NeuralNetClassificationModel.load(run.resolve("model").toString()).transform(features)), 1e-12);
  }

  @Test
  void commandLineEvaluatesAStageOfASavedPipeline() throws Exception {
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features"),
        new NeuralNetClassifier().setHiddenLayers(8).setMaxIter(20).setBatchSize(0).setLearningRate(0.05)});
    Path saved = tmp.resolve("pipeline");
    PipelineModel model = pipeline.fit(table);
    model.write().overwrite().save(saved.toString());
    double pipelineAccuracy = accuracy(model.transform(table));

    Path stageData;
    try (var stages = Files.list(saved.resolve("stages"))) {
      stageData = stages.filter(p -> p.getFileName().toString().startsWith("1_")).findFirst().orElseThrow().resolve("data");
    }
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int status;
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      status = Main.run("evaluate", "--model", stageData.toString(), "--data", csv.toString());
    } finally {
      System.setOut(out);
    }
    assertEquals(0, status);
    String report = printed.toString(StandardCharsets.UTF_8);
    assertTrue(report.startsWith(String.format(Locale.ROOT, "accuracy %.4f", pipelineAccuracy)), pipelineAccuracy + " vs\n" + report);
  }
}
