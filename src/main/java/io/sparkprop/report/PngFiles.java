package io.sparkprop.report;

import java.nio.file.Path;

/** XChart's encoder appends the format's extension itself: hand it the name without ".png". */
final class PngFiles {
  private PngFiles() {}

  static String withoutExtension(Path file) {
    String name = file.toAbsolutePath().toString();
    return name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
  }
}
