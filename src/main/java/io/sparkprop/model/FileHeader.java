package io.sparkprop.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

/** The magic bytes and format version that open each of our binary files, checked with one message style. */
public final class FileHeader {
  private FileHeader() {}

  /**
   * Reads and checks the magic bytes and version; {@code what} names the kind of file in errors
   * (e.g. "checkpoint"), {@code path} the file.
   */
  public static void check(DataInputStream in, byte[] magic, int version, String what, String path) throws IOException {
    check(in, magic, version, version, what, path);
  }

  /** As {@link #check(DataInputStream, byte[], int, String, String)}, for a reader of versions {@code oldest} to {@code newest}; returns the file's. */
  public static int check(DataInputStream in, byte[] magic, int oldest, int newest, String what, String path) throws IOException {
    byte[] found = new byte[magic.length];
    in.readFully(found);
    if (!Arrays.equals(found, magic)) throw new ModelException(path, "not a sparkprop " + what + " (bad magic bytes)");
    int v = in.readInt();
    if (v < oldest || v > newest)
      throw new ModelException(path, what + " version " + v + " is not supported (reads "
          + (oldest == newest ? "version " + newest : "versions " + oldest + " to " + newest) + ")");
    return v;
  }
}
