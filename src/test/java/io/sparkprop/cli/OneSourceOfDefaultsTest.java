package io.sparkprop.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparkprop.ml.EstimatorOptions;
import io.sparkprop.ml.NeuralNetClassifier;
import io.sparkprop.optim.OptimizerConfig;
import io.sparkprop.train.TrainingConfig;
import io.sparkprop.train.TrainingOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One source of training defaults. For every option in {@link TrainingOptions#NAMES}, three places
 * hold a default and they must agree as values: {@code conf/sparkprop.properties} (what the command
 * line reads), {@link TrainingOptions#defaults()} (derived from {@link TrainingConfig#DEFAULTS}) and a
 * fresh {@link NeuralNetClassifier}'s Param default. Values are compared parsed: numbers as doubles,
 * hidden sizes as lists of ints, booleans as booleans, names case-insensitively, so that "0" and
 * "0.0" or "1e-4" and "0.0001" agree but 0.001 and 0.002 do not. Every name must also be an option of
 * {@code train}, and what {@code train} parses when given none of them (picocli over the packaged conf)
 * must be {@link TrainingOptions#defaults()}. Changing any one of the three alone fails here.
 */
class OneSourceOfDefaultsTest {
  /** The file in the repository, from the project directory where surefire runs. */
  private static final Path CONF = Path.of("conf/sparkprop.properties");

  private static Properties conf;
  private static Map<String, String> defaults;
  private static NeuralNetClassifier estimator;
  private static CommandSpec train;

  @BeforeAll
  static void readAllThree() throws IOException {
    conf = new Properties();
    try (Reader in = Files.newBufferedReader(CONF, StandardCharsets.UTF_8)) {
      conf.load(in);
    }
    defaults = TrainingOptions.defaults();
    estimator = new NeuralNetClassifier();
    // As Main builds it, with the packaged conf alone (not $SPARKPROP_CONF); parsing only the two
    // required options leaves every training option at its effective default.
    CommandLine cli = new CommandLine(new Main()).setDefaultValueProvider(ConfDefaults.load(null));
    cli.parseArgs("train", "--train", "unused.csv", "--out", "unused-dir");
    train = cli.getSubcommands().get("train").getCommandSpec();
  }

  @Test
  void confFileGivesEveryOptionTheDefaultOfTrainingOptions() {
    assertForEveryOption(name -> {
      // ConfDefaults reads train.KEY before KEY
      String text = conf.getProperty("train." + name, conf.getProperty(name));
      assertNotNull(text, CONF + " has no key '" + name + "'");
      assertEquals(expected(name), value(name, text), CONF + ": " + name + " = " + text.trim()
          + ", TrainingOptions.defaults(): " + defaults.get(name));
    });
  }

  @Test
  void estimatorParamsDefaultToTrainingOptions() {
    assertForEveryOption(name -> {
      Param<?> p = EstimatorOptions.param(estimator, name);
      assertTrue(estimator.hasDefault(p), p.name() + " has no default");
      assertFalse(estimator.isSet(p), p.name() + " is set on a fresh estimator");
      Object d = estimator.getDefault(p).get();
      assertEquals(expected(name), value(name, d), "Param " + p.name() + " defaults to " + show(d)
          + ", TrainingOptions.defaults() " + name + ": " + defaults.get(name));
    });
  }

  @Test
  void everyOptionIsAnOptionOfTrainListedInItsHelp() {
    String help = new CommandLine(new Main()).getSubcommands().get("train").getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertForEveryOption(name -> {
      assertNotNull(train.findOption("--" + name), "train has no option --" + name);
      // --name=LABEL, or --[no-]name for a negatable flag
      assertTrue(Pattern.compile("(?m)^\\s+(-\\w, )?--(\\[no-])?" + Pattern.quote(name) + "(=|\\s|$)").matcher(help).find(),
          "train --help does not list --" + name + ":\n" + help);
    });
  }

  @Test
  void trainTakesTrainingOptionsDefaultsWhenGivenNoOption() {
    assertForEveryOption(name -> {
      OptionSpec option = train.findOption("--" + name);
      assertNotNull(option, "train has no option --" + name);
      // what TrainCommand hands TrainingOptions.toConfig
      String text = String.valueOf((Object) option.getValue());
      assertEquals(expected(name), value(name, text), "train --" + name + " defaults to " + text
          + ", TrainingOptions.defaults(): " + defaults.get(name));
    });
  }

  @Test
  void bothFrontEndsDefaultsMakeTrainingConfigDefaults() {
    TrainingConfig cli = TrainingOptions.toConfig(name -> String.valueOf((Object) train.findOption(name).getValue()), "--");
    assertEquals(TrainingConfig.DEFAULTS.describe(), cli.describe(), "train's defaults");
    assertEquals(TrainingConfig.DEFAULTS.describe(), EstimatorOptions.trainingConfig(estimator).describe(), "the estimator's defaults");
  }

  /** Every rule by name, through each front end: {@code --optimizer NAME} and {@code setOptimizer(NAME)} make that rule. */
  @Test
  void bothFrontEndsOfferEveryRule() {
    List<Executable> all = new ArrayList<>();
    for (String rule : OptimizerConfig.NAMES) {
      all.add(() -> {
        CommandLine cli = new CommandLine(new Main()).setDefaultValueProvider(ConfDefaults.load(null));
        cli.parseArgs("train", "--train", "unused.csv", "--out", "unused-dir", "--optimizer", rule, "--batch-size", "0");
        CommandSpec spec = cli.getSubcommands().get("train").getCommandSpec();
        TrainingConfig parsed = TrainingOptions.toConfig(name -> String.valueOf((Object) spec.findOption(name).getValue()), "--");
        assertEquals(rule, parsed.optimizer().name(), "train --optimizer " + rule);
        NeuralNetClassifier estimator = new NeuralNetClassifier().setOptimizer(rule).setBatchSize(0);
        assertEquals(rule, EstimatorOptions.trainingConfig(estimator).optimizer().name(), "setOptimizer(\"" + rule + "\")");
      });
    }
    assertAll(all);
  }

  @Test
  void theEstimatorRefusesALarsTrustThatIsNotPositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NeuralNetClassifier().setLarsTrust(0));
    assertTrue(e.getMessage().contains("larsTrust"), e.getMessage());
  }

  /** Runs {@code check} for every option and reports every option that fails, not just the first. */
  private static void assertForEveryOption(ThrowingConsumer check) {
    List<Executable> all = new ArrayList<>();
    for (String name : TrainingOptions.NAMES) all.add(() -> check.accept(name));
    assertAll(all);
  }

  private interface ThrowingConsumer {
    void accept(String name) throws Throwable;
  }

  private static Object expected(String name) {
    String text = defaults.get(name);
    assertNotNull(text, "TrainingOptions.defaults() has no '" + name + "'");
    return value(name, text);
  }

  /**
   * A default as compared, whether text (conf, TrainingOptions, picocli) or a Param's value: the
   * kind is the estimator's Param type, the one place each option has a type of its own.
   */
  private static Object value(String name, Object v) {
    Param<?> kind = EstimatorOptions.param(estimator, name);
    String text = v instanceof String s ? s.trim() : null;
    try {
      if (kind instanceof IntArrayParam)
        return v instanceof int[] sizes ? Arrays.stream(sizes).boxed().toList() : sizes(text);
      if (kind instanceof DoubleParam || kind instanceof IntParam || kind instanceof LongParam)
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
      if (kind instanceof BooleanParam) return v instanceof Boolean b ? b : bool(text);
      return String.valueOf(v).trim().toLowerCase(Locale.ROOT);
    } catch (RuntimeException e) {
      return fail(name + ": '" + v + "' is not a value of " + kind.getClass().getSimpleName() + " (" + e.getMessage() + ")");
    }
  }

  /** Hidden sizes as the command line writes them: comma-separated, "none" (or nothing) for none. */
  private static List<Integer> sizes(String text) {
    if (text.isEmpty() || text.equalsIgnoreCase("none")) return List.of();
    return Arrays.stream(text.split(",")).map(String::trim).map(Integer::valueOf).toList();
  }

  private static Boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not true or false");
    };
  }

  private static String show(Object v) {
    return v instanceof int[] sizes ? Arrays.toString(sizes) : String.valueOf(v);
  }
}
