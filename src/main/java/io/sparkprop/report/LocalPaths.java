package io.sparkprop.report;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Report files are local: accepts a plain path or a file: URI, as users paste either. */
final class LocalPaths {
  private LocalPaths() {}

  static Path of(String pathOrUri) {
    return pathOrUri.startsWith("file:") ? Paths.get(URI.create(pathOrUri)) : Paths.get(pathOrUri);
  }
}
