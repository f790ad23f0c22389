package io.sparkprop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from {@code conf/sparkprop.properties} as packaged in the jar, overridden key by
 * key by the file named by {@code --config} / {@code SPARKPROP_CONF}. Keys are option names without
 * dashes; {@code command.key} wins over {@code key}.
 */
final class ConfDefaults implements IDefaultValueProvider {
  static final String PACKAGED = "/sparkprop.properties";

  private final Properties properties;

  private ConfDefaults(Properties properties) { this.properties = properties; }

  static ConfDefaults load(String file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = ConfDefaults.class.getResourceAsStream(PACKAGED)) {
      if (in == null) throw new IOException("the packaged " + PACKAGED + " is missing from the jar");
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    if (file != null) {
      // A user's file overrides the packaged defaults key by key: it need only name what it changes,
      // and an option added later still has its default.
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) throw new IOException(file + ": configuration file not found");
      try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        p.load(in);
      }
    }
    return new ConfDefaults(p);
  }

  @Override public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) return null;
    String key = option.longestName().replaceFirst("^-+", "");
    String command = arg.command() == null ? null : arg.command().name();
    String value = command == null ? null : properties.getProperty(command + "." + key);
    if (value == null) value = properties.getProperty(key);
    return value == null ? null : value.trim();
  }
}
