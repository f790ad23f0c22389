package io.sparkprop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The local folder a command writes its reports into. */
final class OutputDir {
  private final Path root;

  private OutputDir(Path root) { this.root = root; }

  static OutputDir create(String dir) throws IOException {
    Path root = Path.of(dir);
    if (Files.exists(root) && !Files.isDirectory(root)) throw new IllegalArgumentException("--out: " + dir + " exists and is not a folder");
    Files.createDirectories(root);
    return new OutputDir(root);
  }

  Path file(String name) { return root.resolve(name); }
  String path(String name) { return root.resolve(name).toString(); }
}
