package io.sparkprop.model;

/** A model that cannot be saved or loaded: one line naming the path and what is wrong. */
public class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;

  public ModelException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  public ModelException(String path, String problem, Throwable cause) {
    super(path + ": " + problem, cause);
    this.path = path;
  }

  /** The directory or file the problem is about, as the user gave it. */
  public String path() { return path; }
}
