package io.sparkprop.data;

/**
 * What is wrong with one line, before it is known where the line is: parsers throw this and the
 * reader adds the file and line number (see {@link TextDataSource}).
 */
final class LineProblem extends Exception {
  private static final long serialVersionUID = 1L;

  LineProblem(String problem) {
    super(problem, null, false, false);  // no stack trace: the message is the whole story
  }
}
