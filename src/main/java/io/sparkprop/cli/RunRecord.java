package io.sparkprop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkprop.model.ModelException;
import io.sparkprop.model.SparkpropVersion;
import io.sparkprop.train.Checkpoint;
import io.sparkprop.train.HadoopFolder;
import io.sparkprop.train.HiddenSizes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options a run was started with, kept in {@code RUN/run.json} so that {@code train --resume RUN}
 * alone continues it: every option of train (data paths, data and training options,
 * --checkpoint-every) as the run used it, after --config and the defaults, and the command line as
 * it was typed. Not recorded: --out and --resume (the run's folder is where it is now) and --master
 * (where Spark runs is the resuming command's, or spark-submit's, to say). An option given to the
 * resume wins over the record. Written and read through {@link HadoopFolder}, as the checkpoints
 * are, so RUN may be on any Hadoop file system.
 */
final class RunRecord {
  static final String NAME = "run.json";
  private static final int FORMAT = 1;
  private static final Set<String> NOT_RECORDED = Set.of("out", "resume", "master");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(RunRecord.class);

  private final List<String> commandLine;
  /** By option name without dashes; a null value is an option the run was not given and that has no default. */
  private final Map<String, String> options;
  private final String source;

  private RunRecord(List<String> commandLine, Map<String, String> options, String source) {
    this.commandLine = List.copyOf(commandLine);
    this.options = options;
    this.source = source;
  }

  /** The options of {@code train} as parsed; a resumed run keeps the command line {@code resumed} was started with. */
  static RunRecord of(CommandSpec train, RunRecord resumed) {
    Map<String, String> options = new LinkedHashMap<>();
    for (OptionSpec option : train.options()) {
      String name = name(option);
      if (option.usageHelp() || option.versionHelp() || NOT_RECORDED.contains(name)) continue;
      Object value = option.getValue();
      options.put(name, value == null ? null : String.valueOf(value));
    }
    List<String> typed = resumed != null ? resumed.commandLine : train.commandLine().getParseResult().originalArgs();
    return new RunRecord(typed, options, null);
  }

  void write(HadoopFolder run) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("sparkprop", SparkpropVersion.current());
    commandLine.forEach(root.putArray("command_line")::add);
    ObjectNode values = root.putObject("options");
    options.forEach(values::put);
    try {
      byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
      run.writeAtomically(NAME, out -> {
        out.write(json);
        out.write('\n');
      });
    } catch (IOException e) {
      throw new ModelException(run.path(NAME), "cannot write the run's record: " + e.getMessage(), e);
    }
  }

  /** The record in {@code run}, or empty for a run started before sparkprop kept one. */
  static Optional<RunRecord> read(HadoopFolder run) {
    String path = run.path(NAME);
    JsonNode root;
    try {
      Optional<InputStream> opened = run.openIfExists(NAME);
      if (opened.isEmpty()) return Optional.empty();
      try (InputStream in = opened.get()) {
        root = JSON.readTree(in);
      }
    } catch (IOException e) {
      throw new ModelException(path, "cannot read the run's record: " + e.getMessage(), e);
    }
    if (root == null || !root.path("options").isObject() || !root.path("format").canConvertToInt())
      throw new ModelException(path, "not a sparkprop run record (no format and options)");
    int format = root.get("format").asInt();
    if (format != FORMAT) throw new ModelException(path, "run record format " + format + " is not supported (reads format " + FORMAT + ")");
    Map<String, String> options = new LinkedHashMap<>();
    root.get("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    List<String> typed = new ArrayList<>();
    root.path("command_line").forEach(a -> typed.add(a.asText()));
    return Optional.of(new RunRecord(typed, options, path));
  }

  /**
   * Gives every option of {@code train} that its command line left out the recorded value; says in
   * the log which given options differ from the record.
   */
  void applyTo(CommandSpec train) {
    ParseResult given = train.commandLine().getParseResult();
    options.forEach((name, text) -> {
      OptionSpec option = train.findOption(name);
      if (option == null) {
        LOG.warn("{}: --{} is not an option of this sparkprop; ignored", source, name);
      } else if (given.hasMatchedOption(option)) {
        String now = option.getValue() == null ? null : String.valueOf((Object) option.getValue());
        if (!Objects.equals(now, text)) LOG.info("resuming with --{} {}, the run was started with {}", name, now, text);
      } else {
        option.setValue(value(option, text));
      }
    });
  }

  private Object value(OptionSpec option, String text) {
    Class<?> type = option.type();
    if (text == null) {
      if (type.isPrimitive()) throw new ModelException(source, "option --" + name(option) + " has no value");
      return null;
    }
    try {
      if (type == String.class) return text;
      if (type == int.class || type == Integer.class) return Integer.valueOf(text);
      if (type == long.class || type == Long.class) return Long.valueOf(text);
      if (type == double.class || type == Double.class) return Double.valueOf(text);
      if (type == boolean.class || type == Boolean.class) {
        if (!text.equals("true") && !text.equals("false")) throw new IllegalArgumentException("not true or false");
        return Boolean.valueOf(text);
      }
    } catch (IllegalArgumentException e) {
      throw new ModelException(source, "option --" + name(option) + ": '" + text + "' is not a " + type.getSimpleName());
    }
    throw new IllegalStateException("--" + name(option) + ": options of type " + type + " are not recorded");
  }

  /**
   * For a run without a record: the options its checkpoint knows that differ from their defaults
   * now, e.g. {@code --hidden 16,16 --batch-size 64}. The data paths and the data and Spark options
   * are not in a checkpoint.
   */
  static String optionsIn(Checkpoint checkpoint, CommandSpec train) {
    StringJoiner options = new StringJoiner(" ");
    checkpoint.config().forEach((key, saved) -> {
      OptionSpec option = train.findOption(key.equals("history") ? "lbfgs-history" : key.replace('_', '-'));
      if (option == null || option.usageHelp() || option.versionHelp()) return;
      String value = switch (key) {
        case "hidden" -> hidden(saved);
        case "batch_size" -> saved.equals("full") ? "0" : saved;
        default -> saved;
      };
      if (!value.equals(String.valueOf((Object) option.getValue()))) options.add("--" + name(option) + " " + value);
    });
    return options.toString();
  }

  /** "[16, 16]" as the checkpoint wrote it, as --hidden takes it: "16,16" ("none" for no hidden layer). */
  private static String hidden(String saved) {
    String sizes = saved.replaceAll("[\\[\\] ]", "");
    return sizes.isEmpty() ? "none" : HiddenSizes.format(HiddenSizes.parse(sizes));
  }

  private static String name(OptionSpec option) { return option.longestName().replaceFirst("^-+", ""); }
}
