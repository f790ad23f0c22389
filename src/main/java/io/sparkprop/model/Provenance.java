package io.sparkprop.model;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.SparkBuildInfo;

/**
 * Where a model came from: the data it was trained (and tested) on, every training setting,
 * and the software and cluster that produced it. Saved with the model so a run can be reproduced.
 *
 * @param testData  null when the run had no test set
 * @param config    training settings by name; stored sorted and unmodifiable so saved files diff cleanly
 * @param createdAt ISO-8601 instant in UTC, e.g. 2025-01-31T12:00:00Z
 */
public record Provenance(
    String trainData,
    long trainRows,
    String testData,
    Map<String, String> config,
    String sparkVersion,
    String sparkpropVersion,
    String createdAt,
    String sparkMaster) implements Serializable {

  public Provenance {
    Objects.requireNonNull(trainData, "trainData");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(sparkVersion, "sparkVersion");
    Objects.requireNonNull(sparkpropVersion, "sparkpropVersion");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(sparkMaster, "sparkMaster");
    if (trainRows < 0) throw new IllegalArgumentException("trainRows is negative: " + trainRows);
    try {
      Instant.parse(createdAt);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("createdAt is not an ISO-8601 UTC instant: '" + createdAt + "'");
    }
    SortedMap<String, String> sorted = new TreeMap<>();
    config.forEach((k, v) -> sorted.put(Objects.requireNonNull(k, "config key"), Objects.requireNonNull(v, "config value of " + k)));
    config = Collections.unmodifiableSortedMap(sorted);
  }

  /** Provenance of a run happening now, on this Spark and this sparkprop build. */
  public static Provenance capture(String trainData, long trainRows, String testData,
                                   Map<String, String> config, String sparkMaster) {
    return new Provenance(trainData, trainRows, testData, config, SparkBuildInfo.spark_version(),
        SparkpropVersion.current(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), sparkMaster);
  }
}
