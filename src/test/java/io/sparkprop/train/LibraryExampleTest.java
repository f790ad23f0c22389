package io.sparkprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkprop.SparkTestSupport;
import io.sparkprop.data.DataOptions;
import io.sparkprop.data.DataSource;
import io.sparkprop.data.DataSources;
import io.sparkprop.model.ModelStore;
import io.sparkprop.model.TrainedModel;
import io.sparkprop.optim.OptimizerConfig;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Using it as a library" example, as written there, trains and saves a model that loads back. */
class LibraryExampleTest {
  @TempDir Path tmp;

  @Test
  void theReadmeLibraryExampleTrainsAndSavesAModel() {
    JavaSparkContext sc = SparkTestSupport.sparkContext();
    String out = tmp.resolve("model").toString();
    // --- as in README.md, with spiral data and a path of the test's own ---
    TrainingConfig config = TrainingConfig.builder().hidden(32).optimizer(new OptimizerConfig.Adam(0.01))
        .epochs(5).batchSize(64).build();   // every other setting from TrainingConfig.DEFAULTS
    DataSource train = DataSources.open("spiral", DataOptions.DEFAULTS, sc.hadoopConfiguration());
    try (FitPipeline.Result fit = new FitPipeline(config, "auto", "auto").fit(sc, FitPipeline.Rows.from(sc, train, 2))) {
      ModelStore.save(fit.model(), out, sc.hadoopConfiguration());
    }
    // ---
    TrainedModel model = ModelStore.load(out, sc.hadoopConfiguration());
    assertArrayEquals(new int[] {2, 32, 3}, model.spec().sizes());
    assertEquals(config.describe(), model.provenance().config());
    assertTrue(model.provenance().trainRows() > 0);
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    assertEquals(TrainingConfig.DEFAULTS, TrainingConfig.builder().build());
    assertEquals("adam", TrainingConfig.DEFAULTS.optimizer().name());
    assertEquals(480, TrainingConfig.DEFAULTS.blockSize());
  }
}
