package io.sparkprop.train;

import io.sparkprop.nn.Activation;
import io.sparkprop.nn.Precision;
import io.sparkprop.optim.LearningRateSchedule;
import io.sparkprop.optim.OptimizerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The trainer's settings as flat, named options: what the command line's {@code --learning-rate}
 * and Spark ML's {@code learningRate} both are. One list of names, one set of defaults (from
 * {@link TrainingConfig#DEFAULTS}) and one parse into a {@link TrainingConfig}, so the two front ends
 * and {@code conf/sparkprop.properties} cannot disagree. Names are the command line's, without dashes.
 */
public final class TrainingOptions {
  private TrainingOptions() {}

  /** How the fit prepares the input (not part of {@link TrainingConfig}: they depend on the data). */
  public static final String SCALING = "scaling", INPUT_STORAGE = "input-storage";
  /**
   * The weight per class: none, balanced or w0,w1,... ({@link SampleWeights}; not part of {@link TrainingConfig},
   * since balanced depends on the data, but a setting a resumed run must share: see {@link FitPipeline#describe()}).
   */
  public static final String CLASS_WEIGHTS = "class-weights";

  /** Every option, in the order the command line lists them. */
  public static final List<String> NAMES = List.of("hidden", "activation", "optimizer", "learning-rate", "momentum", "nesterov",
      "lbfgs-history", "lars-trust", "schedule", "warmup-steps", "warmup-epochs", "decay-epochs", "decay-rate", "min-learning-rate",
      "epochs", "batch-size", "block-size", "l2", "precision", "weight-decay", "dropout", "validation-fraction", "patience",
      "eval-every", "seed", INPUT_STORAGE, SCALING, CLASS_WEIGHTS, "log-every", "aggregation-depth");

  /** The defaults as text, by option name. */
  public static Map<String, String> defaults() {
    TrainingConfig d = TrainingConfig.DEFAULTS;
    LearningRateSchedule.Config s = d.schedule();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("hidden", HiddenSizes.format(d.hidden()));
    m.put("activation", d.activation().cliName());
    m.put("optimizer", d.optimizer().name());
    m.put("learning-rate", Double.toString(d.optimizer().learningRate()));
    m.put("momentum", Double.toString(TrainingConfig.DEFAULT_MOMENTUM));
    m.put("nesterov", "false");
    m.put("lbfgs-history", Integer.toString(TrainingConfig.DEFAULT_LBFGS_HISTORY));
    m.put("lars-trust", Double.toString(TrainingConfig.DEFAULT_LARS_TRUST));
    m.put("schedule", s.kind().cliName());
    m.put("warmup-steps", Long.toString(s.warmupSteps()));
    m.put("warmup-epochs", Double.toString(s.warmupEpochs()));
    m.put("decay-epochs", Double.toString(s.decayEpochs()));
    m.put("decay-rate", Double.toString(s.decayRate()));
    m.put("min-learning-rate", Double.toString(s.minLearningRate()));
    m.put("epochs", Integer.toString(d.epochs()));
    m.put("batch-size", Integer.toString(d.batchSize()));
    m.put("block-size", Integer.toString(d.blockSize()));
    m.put("l2", Double.toString(d.l2()));
    m.put("precision", d.precision().cliName());
    m.put("weight-decay", Double.toString(d.weightDecay()));
    m.put("dropout", Double.toString(d.dropout()));
    m.put("validation-fraction", Double.toString(d.validation().validationFraction()));
    m.put("patience", Integer.toString(d.validation().patience()));
    m.put("eval-every", Integer.toString(d.validation().evalEvery()));
    m.put("seed", Long.toString(d.seed()));
    m.put(INPUT_STORAGE, "auto");
    m.put(SCALING, "auto");
    m.put(CLASS_WEIGHTS, SampleWeights.NO_CLASS_WEIGHTS);
    m.put("log-every", Integer.toString(d.logEvery()));
    m.put("aggregation-depth", Integer.toString(d.aggregationDepth()));
    if (!m.keySet().equals(new java.util.LinkedHashSet<>(NAMES))) throw new AssertionError("defaults and NAMES differ: " + m.keySet());
    return m;
  }

  /**
   * The config the options describe; {@code option} gives each option's text by name. A bad value
   * fails with its option named: {@code prefix} + name (the command line passes "--").
   */
  public static TrainingConfig toConfig(Function<String, String> option, String prefix) {
    Parser p = new Parser(option, prefix);
    String rule = p.get("optimizer", name -> name);
    double learningRate = p.real("learning-rate"), momentum = p.real("momentum");
    boolean nesterov = p.bool("nesterov");
    int history = p.integer("lbfgs-history");
    double larsTrust = p.real("lars-trust");
    OptimizerConfig optimizer;
    try {
      optimizer = OptimizerConfig.of(rule, learningRate, momentum, nesterov, history, larsTrust);
    } catch (IllegalArgumentException e) {
      IllegalArgumentException named = named(e, prefix);
      throw named != e ? named : new IllegalArgumentException(prefix + "optimizer: " + e.getMessage(), e);
    }
    LearningRateSchedule.Config schedule = p.get("schedule", kind -> new LearningRateSchedule.Config(LearningRateSchedule.Kind.parse(kind),
        p.whole("warmup-steps"), p.real("warmup-epochs"), p.real("decay-epochs"), p.real("decay-rate"), p.real("min-learning-rate")));
    try {
      return build(p, optimizer, schedule);
    } catch (IllegalArgumentException e) {
      throw named(e, prefix);
    }
  }

  private static TrainingConfig build(Parser p, OptimizerConfig optimizer, LearningRateSchedule.Config schedule) {
    return TrainingConfig.builder()
        .hidden(p.get("hidden", HiddenSizes::parse))
        .activation(p.get("activation", Activation::parse))
        .optimizer(optimizer)
        .schedule(schedule)
        .epochs(p.integer("epochs"))
        .batchSize(p.integer("batch-size"))
        .l2(p.real("l2"))
        .weightDecay(p.real("weight-decay"))
        .dropout(p.real("dropout"))
        .seed(p.whole("seed"))
        .validationFraction(p.real("validation-fraction"))
        .patience(p.integer("patience"))
        .evalEvery(p.integer("eval-every"))
        .precision(p.get("precision", Precision::parse))
        .blockSize(p.integer("block-size"))
        .aggregationDepth(p.integer("aggregation-depth"))
        .logEvery(p.integer("log-every"))
        .build();
  }

  /**
   * A config's own complaint ("validation fraction must be in [0, 1), got 1.0") said of the option
   * the user typed ("--validation-fraction must be …"), when it starts with an option's name.
   */
  private static IllegalArgumentException named(IllegalArgumentException e, String prefix) {
    String message = String.valueOf(e.getMessage());
    for (String name : NAMES) {
      String spoken = name.replace('-', ' ');
      if (message.startsWith(spoken + " ") || message.startsWith(name + " "))
        return new IllegalArgumentException(prefix + name + message.substring(spoken.length()), e);
    }
    return e;
  }

  /** Reads options by name, failing with the option's name. */
  private static final class Parser {
    private final Function<String, String> option;
    private final String prefix;

    Parser(Function<String, String> option, String prefix) {
      this.option = option;
      this.prefix = prefix;
    }

    <T> T get(String name, Function<String, T> parse) {
      String text = option.apply(name);
      if (text == null) throw new IllegalArgumentException(prefix + name + ": no value");
      try {
        return parse.apply(text.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(prefix + name + ": " + e.getMessage(), e);
      }
    }

    double real(String name) { return get(name, Double::parseDouble); }
    int integer(String name) { return get(name, Integer::parseInt); }
    long whole(String name) { return get(name, Long::parseLong); }
    boolean bool(String name) {
      return get(name, t -> switch (t.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("expected true or false, got '" + t + "'");
      });
    }
  }
}
